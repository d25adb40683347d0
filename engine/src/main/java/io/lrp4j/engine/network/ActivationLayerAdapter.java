package io.lrp4j.engine.network;

import jakarta.inject.Inject;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;

/** {@code ActivationLayer}: an activation stage (none for the identity). */
public final class ActivationLayerAdapter implements LayerAdapter {
    /** For Guice. */
    @Inject
    public ActivationLayerAdapter() {
    }

    @Override
    public void adapt(LayerContext context) {
        context.addActivation(context.conf(ActivationLayer.class).getActivationFn());
    }
}

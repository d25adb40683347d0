package io.lrp4j.engine.network;

import jakarta.inject.Inject;
import org.deeplearning4j.nn.conf.layers.LossLayer;

/**
 * {@code LossLayer}: only a loss for training. What it puts out is the layer before it, through its activation; as for
 * an {@code OutputLayer}, that activation (softmax) is left out, since the pre-softmax score is what is explained.
 */
public final class LossLayerAdapter implements LayerAdapter {
    /** For Guice. */
    @Inject
    public LossLayerAdapter() {
    }

    @Override
    public void adapt(LayerContext context) {
        context.conf(LossLayer.class);
    }
}

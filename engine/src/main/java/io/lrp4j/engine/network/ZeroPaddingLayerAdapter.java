package io.lrp4j.engine.network;

import jakarta.inject.Inject;
import org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer;

/**
 * {@code ZeroPaddingLayer}, NCHW (as ResNet-50 and other zoo models use it before a convolution) or NHWC (computed
 * channels-first between two {@link LayoutStage}s).
 */
public final class ZeroPaddingLayerAdapter implements LayerAdapter {
    /** For Guice. */
    @Inject
    public ZeroPaddingLayerAdapter() {
    }

    @Override
    public void adapt(LayerContext context) {
        ZeroPaddingLayer conf = context.conf(ZeroPaddingLayer.class);
        context.channelsFirst(conf.getDataFormat(), () -> {
            context.add(new PaddingStage(context.info(), conf.getPadding()));
        });
    }
}

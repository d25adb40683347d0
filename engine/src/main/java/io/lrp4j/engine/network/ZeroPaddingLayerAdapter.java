package io.lrp4j.engine.network;

import jakarta.inject.Inject;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer;

/** {@code ZeroPaddingLayer}, NCHW, as ResNet-50 and other zoo models use it before a convolution. */
public final class ZeroPaddingLayerAdapter implements LayerAdapter {
    /** For Guice. */
    @Inject
    public ZeroPaddingLayerAdapter() {
    }

    @Override
    public void adapt(LayerContext context) {
        ZeroPaddingLayer conf = context.conf(ZeroPaddingLayer.class);
        if (conf.getDataFormat() != null && conf.getDataFormat() != CNN2DFormat.NCHW) {
            throw context.unsupported("only NCHW zero padding is supported, this one is " + conf.getDataFormat());
        }
        context.add(new PaddingStage(context.info(), conf.getPadding()));
    }
}

package io.lrp4j.engine.network;

import jakarta.inject.Inject;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.conf.layers.convolutional.Cropping2D;

/**
 * {@code Upsampling2D} and {@code Cropping2D}, NCHW or NHWC (computed channels-first between two
 * {@link LayoutStage}s): stages that only move values, as U-Net-like zoo and Keras models use them.
 */
public final class ResamplingLayerAdapter implements LayerAdapter {
    /** For Guice. */
    @Inject
    public ResamplingLayerAdapter() {
    }

    @Override
    public void adapt(LayerContext context) {
        org.deeplearning4j.nn.conf.layers.Layer conf = context.conf(org.deeplearning4j.nn.conf.layers.Layer.class);
        CNN2DFormat format = conf instanceof Upsampling2D up ? up.getFormat() : ((Cropping2D) conf).getDataFormat();
        context.channelsFirst(format, () -> context.add(conf instanceof Upsampling2D up
                ? new UpsamplingStage(context.info(), up.getSize())
                : new CroppingStage(context.info(), ((Cropping2D) conf).getCropping())));
    }
}

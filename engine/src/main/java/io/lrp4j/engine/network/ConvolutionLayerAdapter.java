package io.lrp4j.engine.network;

import jakarta.inject.Inject;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;

/**
 * {@code ConvolutionLayer}: any stride, padding and dilation, Truncate, Strict and Same modes; NCHW, or NHWC (Keras'
 * channels-last) computed channels-first between two {@link LayoutStage}s.
 */
public final class ConvolutionLayerAdapter implements LayerAdapter {
    /** For Guice. */
    @Inject
    public ConvolutionLayerAdapter() {
    }

    @Override
    public void adapt(LayerContext context) {
        ConvolutionLayer conf = context.conf(ConvolutionLayer.class);
        context.channelsFirst(conf.getCnn2dDataFormat(), () -> {
            context.add(new LinearStage(context.info(), StageKind.CONV, new ConvolutionMap(ConvolutionGeometry.of(conf),
                    conf.getNIn()),
                    context.param(ConvolutionParamInitializer.WEIGHT_KEY),
                    context.rowParam(ConvolutionParamInitializer.BIAS_KEY)));
            context.addActivation(conf.getActivationFn());
        });
    }
}

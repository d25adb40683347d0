package io.lrp4j.engine.network;

import jakarta.inject.Inject;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;

/** {@code ConvolutionLayer}: NCHW, any stride, padding and dilation, Truncate, Strict and Same modes. */
public final class ConvolutionLayerAdapter implements LayerAdapter {
    /** For Guice. */
    @Inject
    public ConvolutionLayerAdapter() {
    }

    @Override
    public void adapt(LayerContext context) {
        ConvolutionLayer conf = context.conf(ConvolutionLayer.class);
        if (conf.getCnn2dDataFormat() != null && conf.getCnn2dDataFormat() != CNN2DFormat.NCHW) {
            throw context.unsupported("only NCHW convolutions are supported, this one is "
                    + conf.getCnn2dDataFormat());
        }
        ConvolutionGeometry geometry = new ConvolutionGeometry(conf.getKernelSize(), conf.getStride(),
                conf.getPadding(), conf.getDilation(), conf.getConvolutionMode());
        context.add(new LinearStage(context.info(), StageKind.CONV, new ConvolutionMap(geometry, conf.getNIn()),
                context.param(ConvolutionParamInitializer.WEIGHT_KEY),
                context.rowParam(ConvolutionParamInitializer.BIAS_KEY)));
        context.addActivation(conf.getActivationFn());
    }
}

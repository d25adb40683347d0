package io.lrp4j.engine.network;

import jakarta.inject.Inject;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.params.DepthwiseConvolutionParamInitializer;

/**
 * {@code DepthwiseConvolution2D}: one linear map with its own {@link DepthwiseConvolutionMap}, so every linear rule
 * applies to it as to any convolution (selector {@code conv}); NCHW, or NHWC computed channels-first.
 */
public final class DepthwiseConvolutionAdapter implements LayerAdapter {
    /** For Guice. */
    @Inject
    public DepthwiseConvolutionAdapter() {
    }

    @Override
    public void adapt(LayerContext context) {
        DepthwiseConvolution2D conf = context.conf(DepthwiseConvolution2D.class);
        context.channelsFirst(conf.getCnn2dDataFormat(), () -> {
            context.add(new LinearStage(context.info(), StageKind.CONV, new DepthwiseConvolutionMap(
                    ConvolutionGeometry.of(conf), conf.getNIn()),
                    context.param(DepthwiseConvolutionParamInitializer.WEIGHT_KEY),
                    context.rowParam(DepthwiseConvolutionParamInitializer.BIAS_KEY)));
            context.addActivation(conf.getActivationFn());
        });
    }
}

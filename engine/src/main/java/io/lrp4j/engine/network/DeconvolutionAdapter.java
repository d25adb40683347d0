package io.lrp4j.engine.network;

import jakarta.inject.Inject;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.params.DeconvolutionParamInitializer;

/**
 * {@code Deconvolution2D} (a transposed convolution): one linear map with its own {@link DeconvolutionMap}, so every
 * linear rule applies to it as to any convolution (selector {@code conv}); NCHW, or NHWC computed channels-first.
 */
public final class DeconvolutionAdapter implements LayerAdapter {
    /** For Guice. */
    @Inject
    public DeconvolutionAdapter() {
    }

    @Override
    public void adapt(LayerContext context) {
        Deconvolution2D conf = context.conf(Deconvolution2D.class);
        context.channelsFirst(conf.getCnn2dDataFormat(), () -> {
            context.add(new LinearStage(context.info(), StageKind.CONV, new DeconvolutionMap(
                    ConvolutionGeometry.of(conf), conf.getNIn(), conf.getNOut()),
                    context.param(DeconvolutionParamInitializer.WEIGHT_KEY),
                    context.rowParam(DeconvolutionParamInitializer.BIAS_KEY)));
            context.addActivation(conf.getActivationFn());
        });
    }
}

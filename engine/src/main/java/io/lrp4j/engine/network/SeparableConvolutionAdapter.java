package io.lrp4j.engine.network;

import jakarta.inject.Inject;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.deeplearning4j.nn.params.SeparableConvolutionParamInitializer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code SeparableConvolution2D}: explained as the two linear maps it is, a depthwise convolution without bias and then
 * a 1x1 (pointwise) convolution with the bias, each a convolution stage of this layer, so the rule chosen for the layer
 * applies to each map and relevance is conserved through both. (A single rule over the composed map would need the
 * composed kernel, which the layer exists to avoid; applied to each factor, a rule such as z+ is not z+ of the
 * product.) NCHW, or NHWC computed channels-first.
 */
public final class SeparableConvolutionAdapter implements LayerAdapter {
    /** For Guice. */
    @Inject
    public SeparableConvolutionAdapter() {
    }

    @Override
    public void adapt(LayerContext context) {
        SeparableConvolution2D conf = context.conf(SeparableConvolution2D.class);
        // DL4J's depthwise kernel is [multiplier, nIn, kH, kW]; the depthwise map reads [kH, kW, nIn, multiplier].
        INDArray depthwise = context.param(SeparableConvolutionParamInitializer.DEPTH_WISE_WEIGHT_KEY)
                .permute(2, 3, 1, 0).dup('c');
        INDArray pointwise = context.param(SeparableConvolutionParamInitializer.POINT_WISE_WEIGHT_KEY);
        ConvolutionGeometry pointwiseGeometry = new ConvolutionGeometry(new int[] {1, 1}, new int[] {1, 1},
                new int[] {0, 0}, new int[] {1, 1}, ConvolutionMode.Truncate);
        context.channelsFirst(conf.getCnn2dDataFormat(), () -> {
            context.add(new LinearStage(context.info(), StageKind.CONV, new DepthwiseConvolutionMap(
                    ConvolutionGeometry.of(conf), conf.getNIn()), depthwise, null));
            context.add(new LinearStage(context.info(), StageKind.CONV, new ConvolutionMap(pointwiseGeometry,
                    pointwise.size(1)), pointwise, context.rowParam(SeparableConvolutionParamInitializer.BIAS_KEY)));
            context.addActivation(conf.getActivationFn());
        });
    }
}

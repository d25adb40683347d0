package io.lrp4j.engine.network;

import jakarta.inject.Inject;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code Convolution1DLayer} (and {@code Convolution1D}): a convolution over time, computed as DL4J computes it, a
 * two-dimensional convolution with kernel {@code [k, 1]} over the sequence seen as an image with one column; either
 * sequence layout; any stride, padding and dilation; Truncate, Strict, Same and Causal modes. Causal mode is zero
 * padding at the start of the sequence followed by an unpadded convolution, which is what it means.
 */
public final class Convolution1DLayerAdapter implements LayerAdapter {
    /** For Guice. */
    @Inject
    public Convolution1DLayerAdapter() {
    }

    /**
     * The kernel as the convolution map reads it, {@code [nOut, nIn, k, 1]}. DL4J declares the parameter with that
     * shape but its conv1d op reads the parameter's memory as {@code [k, nIn, nOut]} (libnd4j's layout), without
     * permuting: what the layer computes is the latter, so that is what is explained.
     */
    private static INDArray kernel(INDArray param, int k, long nIn, long nOut) {
        return param.dup('c').reshape('c', k, nIn, nOut).permute(2, 1, 0).dup('c').reshape('c', nOut, nIn, k, 1);
    }

    @Override
    public void adapt(LayerContext context) {
        Convolution1DLayer conf = context.conf(Convolution1DLayer.class);
        int k = conf.getKernelSize()[0];
        int d = conf.getDilation()[0];
        boolean causal = conf.getConvolutionMode() == ConvolutionMode.Causal;
        ConvolutionGeometry geometry = new ConvolutionGeometry(new int[] {k, 1}, new int[] {conf.getStride()[0], 1},
                new int[] {causal ? 0 : conf.getPadding()[0], 0}, new int[] {d, 1},
                causal ? ConvolutionMode.Truncate : conf.getConvolutionMode());
        context.sequenceAsImage(conf.getRnnDataFormat(), () -> {
            if (causal) {
                context.add(new PaddingStage(context.info(), new int[] {(k - 1) * d, 0, 0, 0}));
            }
            context.add(new LinearStage(context.info(), StageKind.CONV, new ConvolutionMap(geometry, conf.getNIn()),
                    kernel(context.param(ConvolutionParamInitializer.WEIGHT_KEY), k, conf.getNIn(), conf.getNOut()),
                    context.rowParam(ConvolutionParamInitializer.BIAS_KEY)));
            context.addActivation(conf.getActivationFn());
        });
    }
}

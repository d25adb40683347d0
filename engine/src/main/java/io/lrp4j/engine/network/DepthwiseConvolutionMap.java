package io.lrp4j.engine.network;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A depthwise 2-D convolution over NCHW input, W {@code [kH, kW, nIn, multiplier]} (DL4J's layout): each input channel
 * convolved with its own {@code multiplier} kernels, output channel {@code c * multiplier + m}. Forward by libnd4j's
 * {@code depthwise_conv2d}, the op DL4J's layer runs; the transpose by its backward op, which also computes the
 * weight's gradient: no transposed depthwise op exists on its own, and the weight's gradient costs about one forward
 * pass of the layer, which in depthwise-separable networks is the small one of the two.
 */
final class DepthwiseConvolutionMap implements ImageMap {
    private final ConvolutionGeometry geometry;
    private final long nIn;

    DepthwiseConvolutionMap(ConvolutionGeometry geometry, long nIn) {
        this.geometry = geometry;
        this.nIn = nIn;
    }

    /** DL4J's integer arguments of the depthwise ops for an NCHW input. */
    private int[] arguments(INDArray x, int[] out) {
        return geometry.opArguments(geometry.effectivePadding(x, out));
    }

    @Override
    public INDArray forward(INDArray x, INDArray w, INDArray b) {
        int[] out = geometry.outputSize(x);
        INDArray z = Scratch.result(false, x.dataType(), x.size(0), nIn * w.size(3), out[0], out[1]);
        INDArray[] inputs = b == null ? new INDArray[] {x, w} : new INDArray[] {x, w, b.reshape(b.length())};
        Nd4j.exec(DynamicCustomOp.builder("depthwise_conv2d").addInputs(inputs).addIntegerArguments(arguments(x, out))
                .addOutputs(z).callInplace(false).build());
        return z;
    }

    @Override
    public INDArray transpose(INDArray g, INDArray w, INDArray recordedInput) {
        INDArray result = Scratch.result(false, g.dataType(), recordedInput.shape());
        INDArray weightGradient = Scratch.result(false, w.dataType(), w.shape());
        int[] out = {(int) g.size(2), (int) g.size(3)};
        Nd4j.exec(DynamicCustomOp.builder("depthwise_conv2d_bp").addInputs(recordedInput, w, g)
                .addIntegerArguments(arguments(recordedInput, out)).addOutputs(result, weightGradient)
                .callInplace(false).build());
        Scratch.release(weightGradient);
        return result;
    }

    @Override
    public long inputChannels() {
        return nIn;
    }
}

package io.lrp4j.engine.network;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Kernel, stride, padding, dilation and mode of a 2-D window over NCHW input, resolved for one input size the way
 * DL4J resolves them.
 *
 * @param kernel kernel height and width
 * @param stride stride height and width
 * @param padding configured padding (ignored in Same mode)
 * @param dilation dilation height and width
 * @param mode DL4J's convolution mode
 */
record ConvolutionGeometry(int[] kernel, int[] stride, int[] padding, int[] dilation, ConvolutionMode mode) {

    /** The geometry a convolution layer's configuration states. */
    static ConvolutionGeometry of(org.deeplearning4j.nn.conf.layers.ConvolutionLayer conf) {
        return new ConvolutionGeometry(conf.getKernelSize(), conf.getStride(), conf.getPadding(), conf.getDilation(),
                conf.getConvolutionMode());
    }

    /** Output height and width for an NCHW input. */
    @SuppressWarnings("deprecation") // DL4J's own computation, so that sizes match the layer exactly
    int[] outputSize(INDArray x) {
        return ConvolutionUtils.getOutputSize(x, kernel, stride, padding, mode, dilation);
    }

    /** The top-left padding actually used for an NCHW input. */
    int[] effectivePadding(INDArray x, int[] outSize) {
        if (same()) {
            int[] inSize = {(int) x.size(2), (int) x.size(3)};
            return ConvolutionUtils.getSameModeTopLeftPadding(outSize, inSize, kernel, stride, dilation);
        }
        return padding;
    }

    /**
     * The integer arguments libnd4j's 2-D convolution ops take, as DL4J's layers pass them, for NCHW input and the
     * given top-left padding: kernel, stride, padding, dilation, Same mode, data format.
     */
    int[] opArguments(int[] pad) {
        return new int[] {kernel[0], kernel[1], stride[0], stride[1], pad[0], pad[1], dilation[0], dilation[1],
            same() ? 1 : 0, 0};
    }

    /**
     * libnd4j's deconv2d into {@code z}: {@code inputs} are the NCHW input, the kernel
     * {@code [kH, kW, channels of z, channels of the input]} and optionally a bias; {@code pad} is the top-left
     * padding, and {@code samePadding} has libnd4j pad as Same mode does instead.
     */
    void deconv2d(INDArray[] inputs, int[] pad, boolean samePadding, INDArray z) {
        int[] arguments = opArguments(pad);
        arguments[8] = samePadding ? 1 : 0;
        Nd4j.exec(DynamicCustomOp.builder("deconv2d").addInputs(inputs).addIntegerArguments(arguments).addOutputs(z)
                .callInplace(false).build());
    }

    boolean same() {
        return mode == ConvolutionMode.Same;
    }
}

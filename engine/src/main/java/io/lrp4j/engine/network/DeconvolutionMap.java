package io.lrp4j.engine.network;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A transposed 2-D convolution ({@code Deconvolution2D}) over NCHW input, W {@code [nIn, nOut, kH, kW]} (DL4J's
 * layout). Forward by libnd4j's {@code deconv2d}, the op DL4J's layer runs. Its transpose is the convolution with the
 * same weight read as {@code [outputs = nIn, inputs = nOut, kH, kW]} and the same stride, padding and dilation: the
 * convolution a transposed convolution is the transpose of, run by {@link ConvolutionMap}.
 */
final class DeconvolutionMap implements ImageMap {
    private final ConvolutionGeometry geometry;
    private final long nIn;
    /** The convolution whose transpose this map is: from {@code nOut} channels to {@code nIn}. */
    private final ConvolutionMap convolution;

    DeconvolutionMap(ConvolutionGeometry geometry, long nIn, long nOut) {
        this.geometry = geometry;
        this.nIn = nIn;
        this.convolution = new ConvolutionMap(geometry, nOut);
    }

    /**
     * Laid out as the convolution reads it fastest, {@code [kH, kW, nOut, nIn]} in memory, which deconv2d reads too.
     */
    @Override
    public INDArray stored(INDArray w) {
        return convolution.stored(w);
    }

    @SuppressWarnings("deprecation") // DL4J's own computation, so that sizes match the layer exactly
    @Override
    public INDArray forward(INDArray x, INDArray w, INDArray b) {
        int[] k = geometry.kernel();
        int[] s = geometry.stride();
        int[] d = geometry.dilation();
        int[] out = ConvolutionUtils.getDeconvolutionOutputSize(x, k, s, geometry.same() ? null : geometry.padding(),
                geometry.mode(), d, CNN2DFormat.NCHW);
        int[] pad = geometry.same() ? ConvolutionUtils.getSameModeTopLeftPadding(out, new int[] {(int) x.size(2),
            (int) x.size(3)}, k, s, d) : geometry.padding();
        INDArray z = Scratch.result(false, x.dataType(), x.size(0), w.size(1), out[0], out[1]);
        INDArray kernel = w.permute(2, 3, 1, 0);
        INDArray[] inputs = b == null ? new INDArray[] {x, kernel} : new INDArray[] {x, kernel, b.reshape(b.length())};
        geometry.deconv2d(inputs, pad, geometry.same(), z);
        return z;
    }

    @Override
    public INDArray transpose(INDArray g, INDArray w, INDArray recordedInput) {
        return convolution.forward(g, w, null);
    }

    @Override
    public long inputChannels() {
        return nIn;
    }
}

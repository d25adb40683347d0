package io.lrp4j.engine.network;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.convolution.Convolution;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A 2-D convolution over NCHW input, W {@code [nOut, nIn, kH, kW]}, as im2col and one matrix product; its
 * transpose is one matrix product and col2im, the fastest transposed convolution ND4J offers on CPU.
 */
final class ConvolutionMap implements LinearMap {
    private final ConvolutionGeometry geometry;
    private final long nIn;

    ConvolutionMap(ConvolutionGeometry geometry, long nIn) {
        this.geometry = geometry;
        this.nIn = nIn;
    }

    @Override
    public INDArray forward(INDArray x, INDArray w, INDArray b) {
        long n = x.size(0);
        int[] out = geometry.outputSize(x);
        int[] pad = geometry.effectivePadding(x, out);
        int[] k = geometry.kernel();
        int[] s = geometry.stride();
        int[] d = geometry.dilation();
        long nOut = w.size(0);
        INDArray col = Nd4j.createUninitialized(x.dataType(), n, out[0], out[1], nIn, k[0], k[1]);
        Convolution.im2col(x, k[0], k[1], s[0], s[1], pad[0], pad[1], d[0], d[1], geometry.same(),
                col.permute(0, 3, 4, 5, 1, 2));
        INDArray col2d = col.reshape('c', n * out[0] * out[1], nIn * k[0] * k[1]);
        INDArray z2d = col2d.mmul(weight2d(w).transpose());
        if (b != null) {
            z2d.addiRowVector(b);
        }
        return z2d.reshape('c', n, out[0], out[1], nOut).permute(0, 3, 1, 2).dup('c');
    }

    @Override
    public INDArray transpose(INDArray g, INDArray w, INDArray recordedInput) {
        long n = g.size(0);
        long nOut = g.size(1);
        long outH = g.size(2);
        long outW = g.size(3);
        int[] k = geometry.kernel();
        int[] s = geometry.stride();
        int[] d = geometry.dilation();
        int[] pad = geometry.effectivePadding(recordedInput, new int[] {(int) outH, (int) outW});
        INDArray g2d = g.permute(0, 2, 3, 1).dup('c').reshape('c', n * outH * outW, nOut);
        INDArray col2d = g2d.mmul(weight2d(w));
        INDArray col = col2d.reshape('c', n, outH, outW, nIn, k[0], k[1]).permute(0, 3, 4, 5, 1, 2);
        int inH = (int) recordedInput.size(2);
        int inW = (int) recordedInput.size(3);
        INDArray result = Nd4j.create(g.dataType(), n, nIn, inH, inW);
        Convolution.col2im(col, result, s[0], s[1], pad[0], pad[1], inH, inW, d[0], d[1]);
        return result;
    }

    private static INDArray weight2d(INDArray w) {
        return w.reshape('c', w.size(0), w.length() / w.size(0));
    }

    @Override
    public INDArray withoutBias(INDArray z, INDArray b) {
        return z.sub(b.reshape(1, b.length(), 1, 1));
    }

    @Override
    public String misfit(INDArray x) {
        return x.rank() == 4 && x.size(1) == nIn ? null : "[batch, " + nIn + ", height, width]";
    }
}

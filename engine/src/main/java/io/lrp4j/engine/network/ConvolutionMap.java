package io.lrp4j.engine.network;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.convolution.Convolution;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A 2-D convolution over NCHW input, W {@code [nOut, nIn, kH, kW]}, as im2col and one matrix product; its
 * transpose is one matrix product and col2im, the fastest transposed convolution ND4J offers on CPU.
 *
 * <p>The im2col buffer is {@code kH * kW} times the input, so both directions work through bands of output rows,
 * sized so that one band's buffer holds no more elements than the layer's input (or a floor below which banding
 * would only add calls). A layer that fits runs as a single band, exactly as without banding.
 */
final class ConvolutionMap implements LinearMap {
    /**
     * Below this many elements (32 MB of floats) the buffer is not split: on VGG-16 at batch 1, bands of 4 MB made
     * the gradient 40% slower, bands of 32 MB cost nothing measurable.
     */
    static final long DEFAULT_BAND_FLOOR = 1L << 23;

    private final ConvolutionGeometry geometry;
    private final long nIn;
    private final long bandFloor;

    ConvolutionMap(ConvolutionGeometry geometry, long nIn) {
        this(geometry, nIn, DEFAULT_BAND_FLOOR);
    }

    /** @param bandFloor the im2col buffer size, in elements, that is never split into bands */
    ConvolutionMap(ConvolutionGeometry geometry, long nIn, long bandFloor) {
        this.geometry = geometry;
        this.nIn = nIn;
        this.bandFloor = bandFloor;
    }

    @Override
    public INDArray forward(INDArray x, INDArray w, INDArray b) {
        long n = x.size(0);
        int[] out = geometry.outputSize(x);
        int[] pad = geometry.effectivePadding(x, out);
        long nOut = w.size(0);
        INDArray wT = weight2d(w).transpose();
        RowBands bands = bands(x, out, pad);
        if (bands.single()) {
            INDArray col = im2col(x, null, out, pad);
            return project(col, wT, b, n, out[0], out[1]).dup('c');
        }
        INDArray z = Nd4j.createUninitialized(x.dataType(), n, nOut, out[0], out[1]);
        for (RowBands.Band band : bands) {
            Scratch.band(() -> z.get(all(), all(), NDArrayIndex.interval(band.outFrom(), band.outTo()), all())
                    .assign(project(im2col(x, band, out, pad), wT, b, n, band.outRows(), out[1])));
        }
        return z;
    }

    @Override
    public INDArray transpose(INDArray g, INDArray w, INDArray recordedInput) {
        long n = g.size(0);
        int[] out = {(int) g.size(2), (int) g.size(3)};
        int[] pad = geometry.effectivePadding(recordedInput, out);
        int[] s = geometry.stride();
        int[] d = geometry.dilation();
        int inH = (int) recordedInput.size(2);
        int inW = (int) recordedInput.size(3);
        INDArray w2d = weight2d(w);
        RowBands bands = bands(recordedInput, out, pad);
        INDArray result = Nd4j.create(g.dataType(), n, nIn, inH, inW);
        if (bands.single()) {
            Convolution.col2im(transposedCol(g, w2d, out[1]), result, s[0], s[1], pad[0], pad[1], inH, inW, d[0],
                    d[1]);
            return result;
        }
        int slabW = slabWidth(out[1]);
        int cols = slabColumns(inW, slabW, pad[1]);
        for (RowBands.Band band : bands) {
            // col2im overwrites its target and neighbouring bands share input rows, so each band's slab is summed
            // into place.
            Scratch.band(() -> {
                INDArray col = transposedCol(g.get(all(), all(), NDArrayIndex.interval(band.outFrom(), band.outTo()),
                        all()), w2d, out[1]);
                INDArray slab = Nd4j.create(g.dataType(), n, nIn, band.slabRows(), slabW);
                Convolution.col2im(col, slab, s[0], s[1], 0, 0, band.slabRows(), slabW, d[0], d[1]);
                bandInput(result, band, cols).addi(slabInterior(slab, band, pad[1], cols));
            });
        }
        return result;
    }

    /** The im2col buffer of the whole input ({@code band} null) or of one band's slab. */
    private INDArray im2col(INDArray x, RowBands.Band band, int[] out, int[] pad) {
        int[] k = geometry.kernel();
        int[] s = geometry.stride();
        int[] d = geometry.dilation();
        long rows = band == null ? out[0] : band.outRows();
        INDArray col = Nd4j.createUninitialized(x.dataType(), x.size(0), rows, out[1], nIn, k[0], k[1]);
        INDArray colView = col.permute(0, 3, 4, 5, 1, 2);
        if (band == null) {
            Convolution.im2col(x, k[0], k[1], s[0], s[1], pad[0], pad[1], d[0], d[1], geometry.same(), colView);
        } else {
            Convolution.im2col(slab(x, band, pad[1], out[1]), k[0], k[1], s[0], s[1], 0, 0, d[0], d[1], false,
                    colView);
        }
        return col;
    }

    /** The output rows of an im2col buffer, NCHW, as a view. */
    private INDArray project(INDArray col, INDArray wT, INDArray b, long n, long rows, long outW) {
        INDArray z2d = col.reshape('c', n * rows * outW, col.length() / (n * rows * outW)).mmul(wT);
        if (b != null) {
            z2d.addiRowVector(b);
        }
        return z2d.reshape('c', n, rows, outW, wT.size(1)).permute(0, 3, 1, 2);
    }

    /** The col2im input for output gradients {@code g} (NCHW, any rows). */
    private INDArray transposedCol(INDArray g, INDArray w2d, long outW) {
        int[] k = geometry.kernel();
        long n = g.size(0);
        long rows = g.size(2);
        INDArray g2d = g.permute(0, 2, 3, 1).dup('c').reshape('c', n * rows * outW, g.size(1));
        return g2d.mmul(w2d).reshape('c', n, rows, outW, nIn, k[0], k[1]).permute(0, 3, 4, 5, 1, 2);
    }

    /** The zero-padded input rows one band reads, as wide as its output columns read. */
    private INDArray slab(INDArray x, RowBands.Band band, int padLeft, int outW) {
        int slabW = slabWidth(outW);
        int cols = slabColumns((int) x.size(3), slabW, padLeft);
        INDArray slab = Nd4j.create(x.dataType(), x.size(0), nIn, band.slabRows(), slabW);
        slabInterior(slab, band, padLeft, cols).assign(bandInput(x, band, cols));
        return slab;
    }

    /** The part of a band's slab that holds input values; the rest is padding. */
    private static INDArray slabInterior(INDArray slab, RowBands.Band band, int padLeft, int cols) {
        return slab.get(all(), all(), NDArrayIndex.interval(band.padTop(), band.padTop() + band.inRows()),
                NDArrayIndex.interval(padLeft, padLeft + cols));
    }

    /** The input rows and columns a band's slab holds, as a view of an input-shaped array. */
    private static INDArray bandInput(INDArray x, RowBands.Band band, int cols) {
        return x.get(all(), all(), NDArrayIndex.interval(band.inFrom(), band.inTo()), NDArrayIndex.interval(0, cols));
    }

    /** Input columns a slab holds: those its output columns read, at most the input's width. */
    private static int slabColumns(int inW, int slabW, int padLeft) {
        return Math.min(inW, slabW - padLeft);
    }

    private int slabWidth(int outW) {
        return (outW - 1) * geometry.stride()[1] + (geometry.kernel()[1] - 1) * geometry.dilation()[1] + 1;
    }

    private RowBands bands(INDArray x, int[] out, int[] pad) {
        int[] k = geometry.kernel();
        long colPerRow = x.size(0) * out[1] * nIn * k[0] * k[1];
        long budget = Math.max(x.length(), bandFloor);
        int rowsPerBand = (int) Math.max(1, Math.min(out[0], budget / colPerRow));
        return new RowBands(geometry, pad[0], (int) x.size(2), out[0], rowsPerBand);
    }

    private static INDArrayIndex all() {
        return NDArrayIndex.all();
    }

    private static INDArray weight2d(INDArray w) {
        return w.reshape('c', w.size(0), w.length() / w.size(0));
    }

    @Override
    public boolean stacks() {
        return true;
    }

    @Override
    public INDArray stackOutputs(INDArray w1, INDArray w2) {
        return Nd4j.concat(0, w1, w2);
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

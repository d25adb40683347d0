package io.lrp4j.engine.network;

import java.util.Arrays;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Conv2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.convolution.Convolution;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A 2-D convolution over NCHW input, W {@code [nOut, nIn, kH, kW]}: forward by libnd4j's conv2d op, transpose by its
 * deconv2d op, both run through oneDNN by the oneDNN build of nd4j-native the project depends on. Dilated kernels,
 * which libnd4j's oneDNN ops fail on, run as im2col and a matrix product forward and as a matrix product and col2im
 * transposed.
 *
 * <p>Where an im2col-sized buffer is needed ({@code kH * kW} times the input: conv2d makes one internally, and the
 * dilated paths do), the work runs through bands sized so that one band's buffers (im2col and the output-channel arrays
 * around the product) hold at most {@link BandBudget#elements} elements together: bands of whole images where one
 * image fits, read and written in place, and otherwise bands of output rows (or one output row). A layer that fits runs
 * as a single band, exactly as without banding.
 */
final class ConvolutionMap implements ImageMap {
    /**
     * The most elements one band's buffer holds: 16 MB of floats, less while an explanation runs (see
     * {@link BandBudget}). On VGG-16 at batch 1, bands of 4 MB made the gradient 40% slower, bands of 16 and 32 MB
     * cost nothing measurable (measured when the forward direction was im2col and gemm, before it ran conv2d).
     */
    static final long DEFAULT_BAND_BUDGET = 1L << 22;

    private final ConvolutionGeometry geometry;
    private final long nIn;
    private final long bandBudget;

    ConvolutionMap(ConvolutionGeometry geometry, long nIn) {
        this(geometry, nIn, DEFAULT_BAND_BUDGET);
    }

    /** @param bandBudget the most elements of one band's im2col buffer; a band has at least one output row */
    ConvolutionMap(ConvolutionGeometry geometry, long nIn, long bandBudget) {
        this.geometry = geometry;
        this.nIn = nIn;
        this.bandBudget = bandBudget;
    }

    /**
     * The weight's values in {@code [kH, kW, nIn, nOut]} memory order, seen as the usual {@code [nOut, nIn, kH, kW]}:
     * conv2d reads that order as it is, where from DL4J's it copied the whole kernel on every call (9.4 MB per band
     * of one of VGG-16's 512-channel layers, the largest buffer of its step), and the transpose's product reads it
     * transposed at no cost.
     */
    @Override
    public INDArray stored(INDArray w) {
        return isStored(w) ? w : w.permute(YXIO).dup('c').permute(OIYX_OF_YXIO);
    }

    /** From {@code [nOut, nIn, kH, kW]} to {@code [kH, kW, nIn, nOut]}. */
    private static final int[] YXIO = {2, 3, 1, 0};
    /** Back from {@code [kH, kW, nIn, nOut]} to {@code [nOut, nIn, kH, kW]}. */
    private static final int[] OIYX_OF_YXIO = {3, 2, 0, 1};

    /** Whether {@code w} is laid out as {@link #stored} lays it out. */
    private static boolean isStored(INDArray w) {
        INDArray yxio = w.permute(YXIO);
        return yxio.offset() == 0 && Arrays.equals(yxio.stride(), Nd4j.getStrides(yxio.shape(), 'c'));
    }

    /** The most elements one band's buffers hold, outside an explanation. */
    long bandBudget() {
        return bandBudget;
    }

    @Override
    public INDArray forward(INDArray x, INDArray w, INDArray b) {
        long n = x.size(0);
        int[] out = geometry.outputSize(x);
        int[] pad = geometry.effectivePadding(x, out);
        INDArray z = Scratch.result(false, x.dataType(), n, w.size(0), out[0], out[1]);
        // Whole images first: conv2d writes a band of images straight into z, from x's own rows.
        long images = imagesPerBand(out, w.size(0), 1);
        if (images >= 1) {
            for (long from = 0; from < n; from += images) {
                long to = Math.min(n, from + images);
                INDArray xBand = images(x, from, to);
                INDArray zBand = images(z, from, to);
                Scratch.band(() -> convolve(xBand, w, b, pad, geometry.same(), zBand));
            }
            return z;
        }
        // The band's result, and conv2d's own product before it lays it out as NCHW: uncounted, they made the first
        // convolution's z+ product at batch 64 hold 7.9 MB of band buffers on a 1.6 MB budget.
        RowBands bands = bands(x, out, pad, w.size(0), 2);
        for (RowBands.Band band : bands) {
            Scratch.band(() -> {
                INDArray zBand = Nd4j.createUninitialized(x.dataType(), n, w.size(0), band.outRows(), out[1]);
                convolve(slab(x, band, pad[1], out[1]), w, b, new int[] {0, 0}, false, zBand);
                z.get(all(), all(), NDArrayIndex.interval(band.outFrom(), band.outTo()), all()).assign(zBand);
            });
        }
        return z;
    }

    /**
     * libnd4j's own conv2d into {@code z}: it lays its im2col buffer out contiguously, where im2col into the
     * permuted buffer a matrix product reads directly (DL4J's layout) took up to ten times as long. libnd4j's oneDNN
     * build runs it through oneDNN, except where {@link #byColumns} says otherwise: those run
     * {@link #convolveByColumns}.
     *
     * @param pad the top-left padding actually used
     * @param same whether conv2d is to pad as Same mode does (from {@code x}'s size), else by {@code pad}
     */
    private void convolve(INDArray x, INDArray w, INDArray b, int[] pad, boolean same, INDArray z) {
        if (byColumns(w)) {
            convolveByColumns(x, w, b, pad, same, z);
            return;
        }
        int[] k = geometry.kernel();
        int[] s = geometry.stride();
        boolean stored = isStored(w);
        Conv2DConfig config = Conv2DConfig.builder().kH(k[0]).kW(k[1]).sH(s[0]).sW(s[1])
                .pH(same ? 0 : pad[0]).pW(same ? 0 : pad[1]).paddingMode(same ? PaddingMode.SAME : PaddingMode.VALID)
                .dataFormat(Conv2DConfig.NCHW).weightsFormat(stored ? WeightsFormat.YXIO : WeightsFormat.OIYX).build();
        INDArray kernel = stored ? w.permute(YXIO) : w;
        INDArray[] inputs = b == null ? new INDArray[] {x, kernel} : new INDArray[] {x, kernel, b};
        Nd4j.exec(new Conv2D(inputs, new INDArray[] {z}, config));
    }

    private boolean dilated() {
        int[] d = geometry.dilation();
        return d[0] > 1 || d[1] > 1;
    }

    /**
     * Whether this map runs as im2col (or col2im) and matrix products rather than libnd4j's oneDNN ops: for dilated
     * kernels, on which its oneDNN conv2d fails, and for a kernel larger than the explanation's largest activation.
     * oneDNN reorders the kernel into its own blocked layout on every call and keeps no copy; such a kernel's copy
     * would be the largest buffer of the whole call (ResNet-50 at batch 1: 9.4 MB kernels, 3.2 MB activations), where
     * the matrix product reads the kernel as it is stored and its columns are small (few output positions).
     */
    boolean byColumns(INDArray w) {
        return dilated() || BandBudget.exceedsLargest(w.length());
    }

    /**
     * The convolution as im2col and one matrix product into {@code z} (see {@link #byColumns}). The columns are laid out in
     * the kernel's memory order ({@code [kH, kW, nIn]} when stored, else {@code [nIn, kH, kW]}), so the product reads
     * both without a copy. im2col pads as Same mode does by itself, since it sizes its output from the padding.
     */
    private void convolveByColumns(INDArray x, INDArray w, INDArray b, int[] pad, boolean same, INDArray z) {
        int[] k = geometry.kernel();
        int[] s = geometry.stride();
        int[] d = geometry.dilation();
        long n = x.size(0);
        long positions = n * z.size(2) * z.size(3);
        boolean stored = isStored(w);
        INDArray col = stored ? Nd4j.createUninitialized(x.dataType(), n, z.size(2), z.size(3), k[0], k[1], nIn)
                : Nd4j.createUninitialized(x.dataType(), n, z.size(2), z.size(3), nIn, k[0], k[1]);
        INDArray im2colOrder = stored ? col.permute(0, 5, 3, 4, 1, 2) : col.permute(0, 3, 4, 5, 1, 2);
        Convolution.im2col(x, k[0], k[1], s[0], s[1], pad[0], pad[1], d[0], d[1], same, im2colOrder);
        INDArray w2d = stored ? w.permute(YXIO).reshape('c', w.length() / w.size(0), w.size(0)) : weight2d(w);
        INDArray product = Nd4j.createUninitialized(x.dataType(), positions, w.size(0));
        MatrixProducts.into(col.reshape('c', positions, w.length() / w.size(0)), w2d, !stored, product);
        z.assign(product.reshape('c', n, z.size(2), z.size(3), w.size(0)).permute(0, 3, 1, 2));
        if (b != null) {
            z.addi(b.reshape(1, b.length(), 1, 1));
        }
    }

    @Override
    public INDArray transpose(INDArray g, INDArray w, INDArray recordedInput) {
        return transposeSummed(new INDArray[] {g}, new INDArray[] {w}, recordedInput);
    }

    /**
     * Both transposes summed into one result. The kernels are not stacked: that copied both of them on every call,
     * 19 MB for one of VGG-16's 512-channel layers.
     */
    @Override
    public INDArray transposeSum(INDArray g1, INDArray w1, INDArray g2, INDArray w2, INDArray recordedInput) {
        return transposeSummed(new INDArray[] {g1, g2}, new INDArray[] {w1, w2}, recordedInput);
    }

    /** The sum of the transposes of the maps with kernels {@code ws} applied to output gradients {@code gs}. */
    private INDArray transposeSummed(INDArray[] gs, INDArray[] ws, INDArray recordedInput) {
        INDArray g = gs[0];
        int[] out = {(int) g.size(2), (int) g.size(3)};
        int[] pad = geometry.effectivePadding(recordedInput, out);
        return byColumns(ws[0]) ? transposeByColumns(gs, ws, recordedInput, out, pad)
                : transposeByDeconvolution(gs, ws, recordedInput, out, pad);
    }

    /**
     * The transpose as libnd4j's deconv2d, which its oneDNN build runs through oneDNN: on the Fashion-MNIST CNN's second
     * convolution it took 1.4 to 3.6 ms at batch 64 where the product and col2im took 15 to 22 ms, and 0.05 to 0.08
     * against 0.18 to 0.23 ms at batch 1. It runs on bands of whole images, one image at least, since it needs no
     * im2col buffer; the bands bound the copies oneDNN may make of its operands in its own layouts.
     *
     * <p>deconv2d crops its full output by the padding it is given on both sides. Where that is the convolution's
     * padding on both sides, it returns the input's rows exactly and writes straight into the result. Otherwise (Same
     * mode's larger bottom padding, or rows a Truncate convolution never reads) it runs unpadded into a buffer whose
     * row {@code r + padTop} is input row {@code r}; rows it does not reach get zero.
     */
    private INDArray transposeByDeconvolution(INDArray[] gs, INDArray[] ws, INDArray recordedInput, int[] out,
            int[] pad) {
        long n = gs[0].size(0);
        int inH = (int) recordedInput.size(2);
        int inW = (int) recordedInput.size(3);
        int[] k = geometry.kernel();
        int[] s = geometry.stride();
        long fullH = (long) s[0] * (out[0] - 1) + k[0];
        long fullW = (long) s[1] * (out[1] - 1) + k[1];
        boolean exact = fullH - 2L * pad[0] == inH && fullW - 2L * pad[1] == inW;
        long rows = Math.min(inH, fullH - pad[0]);
        long cols = Math.min(inW, fullW - pad[1]);
        INDArray result = Scratch.result(!exact, gs[0].dataType(), n, nIn, inH, inW);
        long images = Math.max(1, imagesPerBand(out, gs[0].size(1), gs.length));
        for (long start = 0; start < n; start += images) {
            long from = start;
            long to = Math.min(n, from + images);
            INDArray target = images(result, from, to);
            Scratch.band(() -> {
                for (int i = 0; i < gs.length; i++) {
                    INDArray g = images(gs[i], from, to);
                    if (exact && i == 0) {
                        geometry.deconv2d(new INDArray[] {g, ws[i].permute(YXIO)}, pad, false, target);
                        continue;
                    }
                    if (rows <= 0 || cols <= 0) {
                        continue;
                    }
                    // Any other term is made in a buffer and added, by bands of input channels within the band budget
                    // like this map's other band buffers, so the buffer is never a whole input's size. (On VGG-16 this
                    // did not lower gamma's peak, 1.0 largest activations either way: something else sets it.)
                    long perChannel = (to - from) * (exact ? (long) inH * inW : fullH * fullW);
                    long channels = Math.max(1, Math.min(nIn, BandBudget.elements(bandBudget) / perChannel));
                    INDArray kernel = ws[i].permute(YXIO);
                    for (long c = 0; c < nIn; c += channels) {
                        long c1 = Math.min(nIn, c + channels);
                        INDArray part = Nd4j.createUninitialized(g.dataType(), to - from, c1 - c,
                                exact ? inH : fullH, exact ? inW : fullW);
                        geometry.deconv2d(new INDArray[] {g, kernel.get(all(), all(), NDArrayIndex.interval(c, c1),
                            all())}, exact ? pad : new int[] {0, 0}, false, part);
                        INDArray into = target.get(all(), NDArrayIndex.interval(c, c1), all(), all());
                        if (exact) {
                            into.addi(part);
                        } else {
                            into.get(all(), all(), NDArrayIndex.interval(0, rows), NDArrayIndex.interval(0, cols))
                                    .addi(part.get(all(), all(), NDArrayIndex.interval(pad[0], pad[0] + rows),
                                            NDArrayIndex.interval(pad[1], pad[1] + cols)));
                        }
                    }
                }
            });
        }
        return result;
    }

    /**
     * The transpose as matrix products and col2im (see {@link #byColumns}): products of the output gradients and the
     * kernels summed into one col2im buffer, through bands.
     */
    private INDArray transposeByColumns(INDArray[] gs, INDArray[] ws, INDArray recordedInput, int[] out, int[] pad) {
        INDArray g = gs[0];
        long n = g.size(0);
        int[] s = geometry.stride();
        int[] d = geometry.dilation();
        int inH = (int) recordedInput.size(2);
        int inW = (int) recordedInput.size(3);
        // Kernels laid out as stored are read as [kH * kW * nIn, nOut], which the product transposes as it reads. One
        // in another layout (made by a rule on each call, say) has all of them read as [nOut, nIn * kH * kW]: the
        // stored ones are copied to that.
        boolean stored = Arrays.stream(ws).allMatch(ConvolutionMap::isStored);
        INDArray[] w2ds = new INDArray[ws.length];
        for (int i = 0; i < ws.length; i++) {
            w2ds[i] = stored ? ws[i].permute(YXIO).reshape('c', ws[i].length() / ws[i].size(0), ws[i].size(0))
                    : weight2d(ws[i]);
        }
        INDArray result = Scratch.result(true, g.dataType(), n, nIn, inH, inW);
        // Whole images first: col2im writes a band of images straight into the result.
        long images = imagesPerBand(out, g.size(1), gs.length);
        if (images >= 1) {
            for (long from = 0; from < n; from += images) {
                long to = Math.min(n, from + images);
                INDArray[] gBand = new INDArray[gs.length];
                for (int i = 0; i < gs.length; i++) {
                    gBand[i] = images(gs[i], from, to);
                }
                INDArray target = images(result, from, to);
                Scratch.band(() -> Convolution.col2im(transposedCol(gBand, w2ds, stored, null, out[1]), target, s[0],
                        s[1], pad[0], pad[1], inH, inW, d[0], d[1]));
            }
            return result;
        }
        RowBands bands = bands(recordedInput, out, pad, g.size(1), gs.length);
        int slabW = slabWidth(out[1]);
        int cols = slabColumns(inW, slabW, pad[1]);
        for (RowBands.Band band : bands) {
            // col2im overwrites its target and neighbouring bands share input rows, so each band's slab is summed
            // into place.
            Scratch.band(() -> {
                INDArray col = transposedCol(gs, w2ds, stored, band, out[1]);
                INDArray slab = Nd4j.create(g.dataType(), n, nIn, band.slabRows(), slabW);
                Convolution.col2im(col, slab, s[0], s[1], 0, 0, band.slabRows(), slabW, d[0], d[1]);
                bandInput(result, band, cols).addi(slabInterior(slab, band, pad[1], cols));
            });
        }
        return result;
    }

    /**
     * The col2im input for output gradients {@code gs} through kernels {@code w2ds} ({@code [kH * kW * nIn, nOut]} when
     * {@code stored}, else {@code [nOut, nIn * kH * kW]}), summed, for all rows ({@code band} null) or one band's: one
     * product per kernel, each added into the same buffer.
     */
    private INDArray transposedCol(INDArray[] gs, INDArray[] w2ds, boolean stored, RowBands.Band band, long outW) {
        int[] k = geometry.kernel();
        long n = gs[0].size(0);
        long rows = band == null ? gs[0].size(2) : band.outRows();
        long positions = n * rows * outW;
        // A stored kernel [kH kW nIn, nOut] gives the columns transposed, [kH kW nIn, positions] = w2d g^T: the other
        // way round, g w2d^T, OpenBLAS packs the wide transposed kernel into a buffer of half its size on every call
        // (4.7 MB for one of ResNet-50's 3x3x512x512 kernels at batch 1).
        INDArray col = stored ? Nd4j.createUninitialized(gs[0].dataType(), nIn * k[0] * k[1], positions)
                : Nd4j.createUninitialized(gs[0].dataType(), positions, nIn * k[0] * k[1]);
        for (int i = 0; i < gs.length; i++) {
            INDArray g = band == null ? gs[i] : gs[i].get(all(), all(), NDArrayIndex.interval(band.outFrom(),
                    band.outTo()), all());
            // Output positions as rows, channels as columns: the layout the product needs, made in one copy.
            INDArray rowsByChannel = g.permute(0, 2, 3, 1).dup('c').reshape('c', positions, g.size(1));
            INDArray left = stored ? w2ds[i] : rowsByChannel;
            INDArray right = stored ? rowsByChannel : w2ds[i];
            if (i == 0) {
                MatrixProducts.into(left, right, stored, col);
            } else {
                MatrixProducts.addInto(left, right, stored, col);
            }
        }
        return stored ? col.reshape('c', k[0], k[1], nIn, n, rows, outW).permute(3, 2, 0, 1, 4, 5)
                : col.reshape('c', n, rows, outW, nIn, k[0], k[1]).permute(0, 3, 4, 5, 1, 2);
    }

    /** Images {@code [from, to)} of a batch-first array: the array itself when that is all of them, else a view. */
    private static INDArray images(INDArray a, long from, long to) {
        return from == 0 && to == a.size(0) ? a : a.get(NDArrayIndex.interval(from, to), all(), all(), all());
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

    /**
     * Whole images per band, or 0 when one image's buffers exceed {@link BandBudget#elements} and bands must cut its
     * rows: the im2col buffer and {@code laidOut} arrays of the image's {@code nOut} channels. Bands of whole images
     * read their input and write their result in place, where a band of rows copies a padded slab of input and adds
     * or copies its result back: at batch 64 the Fashion-MNIST CNN's bands of rows took 10 to 35% longer per call
     * when they halved.
     */
    private long imagesPerBand(int[] out, long nOut, int laidOut) {
        int[] k = geometry.kernel();
        long perImage = (long) out[0] * out[1] * (nIn * k[0] * k[1] + nOut * laidOut);
        return BandBudget.elements(bandBudget) / perImage;
    }

    /**
     * Bands whose buffers hold at most {@link BandBudget#elements} elements together: the im2col buffer and
     * {@code laidOut} arrays of the band's {@code nOut} channels (a gradient laid out by rows for its product, or a
     * product and its NCHW copy). Counting the im2col buffer alone let the transposed first convolution of the
     * Fashion-MNIST CNN at batch 64 hold 5.3 MB of band buffers where it budgeted 1.6.
     */
    private RowBands bands(INDArray x, int[] out, int[] pad, long nOut, int laidOut) {
        int[] k = geometry.kernel();
        long perRow = x.size(0) * out[1] * (nIn * k[0] * k[1] + nOut * laidOut);
        int rowsPerBand = (int) Math.max(1, Math.min(out[0], BandBudget.elements(bandBudget) / perRow));
        return new RowBands(geometry, pad[0], (int) x.size(2), out[0], rowsPerBand);
    }

    private static INDArrayIndex all() {
        return NDArrayIndex.all();
    }

    private static INDArray weight2d(INDArray w) {
        return w.reshape('c', w.size(0), w.length() / w.size(0));
    }

    @Override
    public long inputChannels() {
        return nIn;
    }
}

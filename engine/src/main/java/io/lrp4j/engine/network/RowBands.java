package io.lrp4j.engine.network;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A convolution's output rows cut into consecutive bands. Each band reads a zero-padded slab of input rows that
 * holds exactly what its output rows see, so im2col and col2im run on it without padding; bands of a kernel taller
 * than its stride read overlapping input rows.
 */
final class RowBands implements Iterable<RowBands.Band> {
    /**
     * Output rows {@code [outFrom, outTo)} read the slab of {@code slabRows} rows whose rows
     * {@code [padTop, padTop + inTo - inFrom)} are input rows {@code [inFrom, inTo)}; the other slab rows are zero.
     */
    record Band(int outFrom, int outTo, int inFrom, int inTo, int padTop, int slabRows) {
        long outRows() {
            return outTo - outFrom;
        }

        int inRows() {
            return inTo - inFrom;
        }
    }

    private final List<Band> bands = new ArrayList<>();

    /**
     * @param padTop the effective top padding
     * @param inHeight the input height
     * @param outHeight the output height
     * @param rowsPerBand output rows per band, at least 1
     */
    RowBands(ConvolutionGeometry geometry, int padTop, int inHeight, int outHeight, int rowsPerBand) {
        int stride = geometry.stride()[0];
        int reach = (geometry.kernel()[0] - 1) * geometry.dilation()[0] + 1;
        for (int from = 0; from < outHeight; from += rowsPerBand) {
            int to = Math.min(outHeight, from + rowsPerBand);
            int firstRead = from * stride - padTop;
            int slabRows = (to - from - 1) * stride + reach;
            int inFrom = Math.max(0, firstRead);
            int inTo = Math.min(inHeight, firstRead + slabRows);
            bands.add(new Band(from, to, inFrom, inTo, inFrom - firstRead, slabRows));
        }
    }

    /** Whether the whole output is one band. */
    boolean single() {
        return bands.size() == 1;
    }

    @Override
    public Iterator<Band> iterator() {
        return bands.iterator();
    }
}

package io.lrp4j.engine.summary;

import io.lrp4j.engine.Explanation;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The first {@code most} heatmaps explained for each class, in row order, with the rows they came from: what
 * {@link SpectralClusters} groups, gathered a block of explanations at a time, so that memory is bounded by
 * {@code classes x most} heatmaps however many rows there are.
 */
public final class ClassSamples {
    private final int most;
    private final List<List<INDArray>> heatmaps = new ArrayList<>();
    private final List<List<Long>> rows = new ArrayList<>();
    private long[] rowShape;

    /** @param most the most heatmaps kept per class */
    public ClassSamples(int most) {
        this.most = most;
    }

    /** Keeps the heatmaps of a block whose first row is {@code from}, for classes that still have room. */
    public void add(long from, Explanation e) {
        INDArray relevance = e.relevance();
        int n = (int) relevance.size(0);
        if (rowShape == null) {
            rowShape = java.util.Arrays.copyOfRange(relevance.shape(), 1, relevance.rank());
            for (long c = 0; c < e.scores().size(1); c++) {
                heatmaps.add(new ArrayList<>());
                rows.add(new ArrayList<>());
            }
        }
        INDArray flat = relevance.castTo(DataType.FLOAT).reshape(n, relevance.length() / n);
        long[] targets = e.targets().toLongVector();
        // Which rows each class keeps: bookkeeping over the block's targets; the copy is one gather per class.
        List<List<Integer>> picked = new ArrayList<>();
        for (int c = 0; c < heatmaps.size(); c++) {
            picked.add(new ArrayList<>());
        }
        for (int r = 0; r < n; r++) {
            int c = (int) targets[r];
            if (rows.get(c).size() + picked.get(c).size() < most) {
                picked.get(c).add(r);
            }
        }
        for (int c = 0; c < picked.size(); c++) {
            if (!picked.get(c).isEmpty()) {
                int[] idx = picked.get(c).stream().mapToInt(Integer::intValue).toArray();
                heatmaps.get(c).add(Nd4j.pullRows(flat, 1, idx));
                for (int r : idx) {
                    rows.get(c).add(from + r);
                }
            }
        }
    }

    /**
     * Keeps one heatmap of class {@code c} (of {@code classes}) from input row {@code row}, if the class has room:
     * for heatmaps gathered elsewhere, such as the rows a Spark job collected.
     */
    public void add(int classes, int c, long row, INDArray heatmap) {
        if (rowShape == null) {
            rowShape = heatmap.shape().clone();
            for (int k = 0; k < classes; k++) {
                heatmaps.add(new ArrayList<>());
                rows.add(new ArrayList<>());
            }
        }
        if (rows.get(c).size() < most) {
            heatmaps.get(c).add(heatmap.castTo(DataType.FLOAT).reshape(1, heatmap.length()));
            rows.get(c).add(row);
        }
    }

    /** Class {@code c}'s kept heatmaps, {@code [m, ...one row's shape]}, or null when none. */
    public INDArray heatmaps(int c) {
        if (heatmaps.isEmpty() || heatmaps.get(c).isEmpty()) {
            return null;
        }
        INDArray all = Nd4j.concat(0, heatmaps.get(c).toArray(INDArray[]::new));
        long[] shape = new long[rowShape.length + 1];
        shape[0] = all.size(0);
        System.arraycopy(rowShape, 0, shape, 1, rowShape.length);
        return all.reshape(shape);
    }

    /** The input rows class {@code c}'s kept heatmaps came from, in their order. */
    public long[] rows(int c) {
        return rows.get(c).stream().mapToLong(Long::longValue).toArray();
    }

    /**
     * Heatmaps made coarse for comparing, as SpRAy compares them: an image's channels summed and its {@code pool x
     * pool} patches averaged (where they tile it); other inputs as they are. Returns {@code [m, features]}.
     */
    public static INDArray downsampled(INDArray maps, int pool) {
        long m = maps.size(0);
        if (maps.rank() == 4 && pool > 1 && maps.size(2) % pool == 0 && maps.size(3) % pool == 0) {
            long h = maps.size(2) / pool;
            long w = maps.size(3) / pool;
            return maps.sum(1).reshape('c', m, h, pool, w, pool).mean(2, 4).reshape('c', m, h * w);
        }
        return maps.reshape('c', m, maps.length() / m);
    }
}

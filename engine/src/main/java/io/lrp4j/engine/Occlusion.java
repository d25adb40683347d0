package io.lrp4j.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Occlusion: the target score's drop when a window of the input is set to the baseline, spread over the window.
 * Every window position is one row of a mask {@code M [P, D]} (1 inside the window, all channels); the occluded copies
 * of a block of rows are {@code x (1 - M) + baseline M}, scored at most {@link PathSettings#internalBatchSize()} at a
 * time, and the attributions are one product {@code (drops / window sizes) M}. No loop runs over rows or elements:
 * the loops run over blocks of copies and, once per input shape, over window positions to build {@code M}.
 */
final class Occlusion {
    private final Explainer explainer;
    private final PathSettings settings;

    Occlusion(Explainer explainer, PathSettings settings) {
        this.explainer = explainer;
        this.settings = settings;
    }

    /** The explanation; its stages are empty (occlusion has no layer-wise ledger). */
    Explanation explain(INDArray input, Target target) {
        INDArray x = input.castTo(explainer.dataType());
        INDArray scores = explainer.scores(x);
        INDArray targets = target.resolve(scores);
        INDArray targetScores = scores.mul(OneHot.of(targets, scores)).sum(1);
        long rows = x.size(0);
        long d = x.length() / rows;
        INDArray masks = masks(x);
        long positions = masks.size(0);
        INDArray keep = masks.rsub(1.0).reshape(1, positions * d);
        INDArray fill = masks.mul(settings.baseline()).reshape(1, positions * d);
        INDArray flat = x.reshape('c', rows, d);
        // Whole rows' copies per block where they fit, else one row's windows a part at a time.
        long perBlock = settings.internalBatchSize();
        long rowsPerBlock = Math.max(1, perBlock / positions);
        long positionsPerBlock = Math.min(positions, perBlock);
        INDArray drops = Nd4j.create(x.dataType(), rows, positions);
        long[] sample = x.shape().clone();
        for (long r0 = 0; r0 < rows; r0 += rowsPerBlock) {
            long r1 = Math.min(rows, r0 + rowsPerBlock);
            for (long p0 = 0; p0 < positions; p0 += positionsPerBlock) {
                long p1 = Math.min(positions, p0 + positionsPerBlock);
                drops.get(NDArrayIndex.interval(r0, r1), NDArrayIndex.interval(p0, p1))
                        .assign(drops(flat, r0, r1, p0, p1, keep, fill, d, sample, targets, targetScores));
            }
        }
        // Each window's drop spread evenly over its elements (windows at the edge are smaller).
        INDArray sizes = masks.sum(1).reshape(1, positions);
        INDArray relevance = drops.diviRowVector(sizes).mmul(masks).reshape('c', x.shape());
        return new Explanation(relevance, scores, targets, List.of());
    }

    /** {@code f(x) - f(x occluded)} of rows {@code [r0, r1)} at window positions {@code [p0, p1)}. */
    private INDArray drops(INDArray flat, long r0, long r1, long p0, long p1, INDArray keep, INDArray fill, long d,
            long[] sample, INDArray targets, INDArray targetScores) {
        long k = r1 - r0;
        long p = p1 - p0;
        INDArrayIndex part = NDArrayIndex.interval(p0 * d, p1 * d);
        // [k, p * D]: each row repeated once per position, then the windows applied by broadcasting.
        INDArray copies = Nd4j.tile(flat.get(NDArrayIndex.interval(r0, r1), NDArrayIndex.all()), 1, (int) p)
                .muliRowVector(keep.get(NDArrayIndex.all(), part)).addiRowVector(fill.get(NDArrayIndex.all(), part));
        long[] shape = sample.clone();
        shape[0] = k * p;
        INDArray occluded = explainer.scores(copies.reshape('c', shape));
        INDArray rowTargets = targets.get(NDArrayIndex.interval(r0, r1)).reshape(k, 1).repeat(1, p).reshape(k * p);
        INDArray scored = occluded.mul(OneHot.of(rowTargets, occluded)).sum(1).reshape(k, p);
        return scored.rsubiColumnVector(targetScores.get(NDArrayIndex.interval(r0, r1)).reshape(k, 1));
    }

    /** {@code M [P, D]}: one row per window position, 1 inside the window in every channel. */
    private INDArray masks(INDArray x) {
        long[] shape = x.shape();
        int[] dims = switch (x.rank()) {
            case 2 -> new int[] {1};
            case 3 -> new int[] {2};
            case 4 -> new int[] {2, 3};
            default -> throw new ExplainException("occlusion slides its window over inputs [N, F], [N, F, T] or"
                    + " [N, C, H, W]; got shape " + Arrays.toString(shape));
        };
        List<long[]> starts = new ArrayList<>();
        starts.add(new long[dims.length]);
        for (int k = 0; k < dims.length; k++) {
            List<long[]> next = new ArrayList<>();
            for (long[] s : starts) {
                for (long at : starts(shape[dims[k]])) {
                    long[] t = s.clone();
                    t[k] = at;
                    next.add(t);
                }
            }
            starts = next;
        }
        long[] all = shape.clone();
        all[0] = starts.size();
        INDArray m = Nd4j.create(x.dataType(), all);
        for (int p = 0; p < starts.size(); p++) {
            INDArrayIndex[] index = new INDArrayIndex[x.rank()];
            Arrays.fill(index, NDArrayIndex.all());
            index[0] = NDArrayIndex.point(p);
            for (int k = 0; k < dims.length; k++) {
                long at = starts.get(p)[k];
                index[dims[k]] = NDArrayIndex.interval(at, Math.min(shape[dims[k]], at + settings.window()));
            }
            m.get(index).assign(1);
        }
        return m.reshape('c', starts.size(), x.length() / shape[0]);
    }

    /** Window starts along a dimension: every stride, the last one's window clipped at the edge if it must be. */
    private long[] starts(long size) {
        long w = Math.min(settings.window(), size);
        long count = (size - w + settings.stride() - 1) / settings.stride() + 1;
        return java.util.stream.LongStream.range(0, count).map(i -> i * settings.stride()).toArray();
    }
}

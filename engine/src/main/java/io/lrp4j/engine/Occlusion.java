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

    /**
     * The explanation of one array per model input (each with the same rows); its stages are empty (occlusion has
     * no layer-wise ledger). The window slides over each input in turn while the others stay as given.
     */
    Explanation explain(List<INDArray> given, Target target) {
        List<INDArray> xs = given.stream().map(x -> x.castTo(explainer.dataType())).toList();
        INDArray scores = explainer.scores(xs);
        INDArray targets = target.resolve(scores);
        INDArray targetScores = scores.mul(OneHot.of(targets, scores)).sum(1);
        List<INDArray> relevance = new ArrayList<>();
        for (int k = 0; k < xs.size(); k++) {
            relevance.add(occlude(xs, k, targets, targetScores));
        }
        return new Explanation(relevance.get(0), scores, targets, List.of(), relevance);
    }

    /** The attributions to input {@code k}: its windows occluded, the other inputs as given. */
    private INDArray occlude(List<INDArray> xs, int k, INDArray targets, INDArray targetScores) {
        INDArray x = xs.get(k);
        long rows = x.size(0);
        long d = x.length() / rows;
        INDArray masks = masks(x);
        long positions = masks.size(0);
        INDArray keep = masks.rsub(1.0).reshape(1, positions * d);
        INDArray fill = masks.mul(settings.baseline()).reshape(1, positions * d);
        List<INDArray> flats = xs.stream().map(a -> a.reshape('c', rows, a.length() / rows)).toList();
        // Whole rows' copies per block where they fit, else one row's windows a part at a time.
        long perBlock = settings.internalBatchSize();
        long rowsPerBlock = Math.max(1, perBlock / positions);
        long positionsPerBlock = Math.min(positions, perBlock);
        INDArray drops = Nd4j.create(x.dataType(), rows, positions);
        for (long r0 = 0; r0 < rows; r0 += rowsPerBlock) {
            long r1 = Math.min(rows, r0 + rowsPerBlock);
            for (long p0 = 0; p0 < positions; p0 += positionsPerBlock) {
                long p1 = Math.min(positions, p0 + positionsPerBlock);
                drops.get(NDArrayIndex.interval(r0, r1), NDArrayIndex.interval(p0, p1))
                        .assign(drops(xs, flats, k, r0, r1, p0, p1, keep, fill, targets, targetScores));
            }
        }
        // Each window's drop spread evenly over its elements (windows at the edge are smaller).
        INDArray sizes = masks.sum(1).reshape(1, positions);
        return drops.diviRowVector(sizes).mmul(masks).reshape('c', x.shape());
    }

    /** {@code f(x) - f(x with input k occluded)} of rows {@code [r0, r1)} at window positions {@code [p0, p1)}. */
    private INDArray drops(List<INDArray> xs, List<INDArray> flats, int occluded, long r0, long r1, long p0, long p1,
            INDArray keep, INDArray fill, INDArray targets, INDArray targetScores) {
        long k = r1 - r0;
        long p = p1 - p0;
        List<INDArray> copies = new ArrayList<>();
        for (int j = 0; j < xs.size(); j++) {
            INDArray flat = flats.get(j);
            long d = flat.size(1);
            // [k, p * D]: each row repeated once per position (then, for the occluded input, the windows applied).
            INDArray tiled = Nd4j.tile(flat.get(NDArrayIndex.interval(r0, r1), NDArrayIndex.all()), 1, (int) p);
            if (j == occluded) {
                INDArrayIndex part = NDArrayIndex.interval(p0 * d, p1 * d);
                tiled.muliRowVector(keep.get(NDArrayIndex.all(), part)).addiRowVector(fill.get(NDArrayIndex.all(),
                        part));
            }
            long[] shape = xs.get(j).shape().clone();
            shape[0] = k * p;
            copies.add(tiled.reshape('c', shape));
        }
        INDArray scored = explainer.scores(copies);
        INDArray rowTargets = targets.get(NDArrayIndex.interval(r0, r1)).reshape(k, 1).repeat(1, p).reshape(k * p);
        INDArray picked = scored.mul(OneHot.of(rowTargets, scored)).sum(1).reshape(k, p);
        return picked.rsubiColumnVector(targetScores.get(NDArrayIndex.interval(r0, r1)).reshape(k, 1));
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

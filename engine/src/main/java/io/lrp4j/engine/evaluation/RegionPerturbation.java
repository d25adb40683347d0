package io.lrp4j.engine.evaluation;

import io.lrp4j.engine.ExplainException;
import io.lrp4j.engine.Explainer;
import io.lrp4j.engine.OneHot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Region perturbation (Samek et al. 2017, "Evaluating the visualization of what a deep neural network has learned"):
 * the input's regions ({@code r x r} patches of an image over all its channels, groups of {@code r} time steps of a
 * sequence, or single features) are ordered by their relevance and replaced, step by step, by other values; the
 * target score is recorded after each step. The area over the perturbation curve (AOPC) is the mean drop of the
 * score over steps {@code 0..S} and rows.
 *
 * <p>Perturbed inputs are scored in batches over rows and steps ({@link Explainer#scores}), never one forward pass per
 * row and step; orderings come from libnd4j's sort of each row, never a sort per row in Java.
 */
public final class RegionPerturbation {
    /** The seed of the tie-breaking jitter: every method's ties are broken alike. */
    private static final long TIE_SEED = 20171;
    private final Explainer scorer;
    private final int region;
    private final int steps;
    private final int batchSize;
    /** Word deletion's padding id, whose tokens are never deleted; null for regions of other inputs. */
    private final Double padding;

    /**
     * @param scorer scores the perturbed inputs (any explainer of the model: only its forward pass runs)
     * @param region the side of a square image region, or the number of time steps of a sequence region; 1 for
     *     single pixels (pixel flipping) or features
     * @param steps the number of perturbation steps; the regions are spread evenly over them
     * @param batchSize the most perturbed rows scored in one forward pass
     */
    public RegionPerturbation(Explainer scorer, int region, int steps, int batchSize) {
        this(scorer, region, steps, batchSize, null);
    }

    private RegionPerturbation(Explainer scorer, int region, int steps, int batchSize, Double padding) {
        if (region < 1) {
            throw new ExplainException("--region must be at least 1, got " + region);
        }
        if (steps < 1) {
            throw new ExplainException("--steps must be at least 1, got " + steps);
        }
        this.scorer = scorer;
        this.region = region;
        this.steps = steps;
        this.batchSize = Math.max(1, batchSize);
        this.padding = padding;
    }

    /**
     * Word deletion over token ids {@code [N, T]} (Arras et al. 2017): step {@code k} has deleted the {@code k} most
     * (MoRF) or least (LeRF) relevant words of each document. A deleted word's id becomes {@code padding}, in place:
     * as Arras et al. set a deleted word's vector to zero, the padding token is the model's word for nothing. Padding
     * is never a word to delete, so a document of fewer than {@code k} words has none left at step {@code k}.
     *
     * @param scorer scores the documents with words deleted
     * @param words the most words deleted, one per step
     * @param batchSize the most documents scored in one forward pass
     * @param padding the padding token's id
     */
    public static RegionPerturbation wordDeletion(Explainer scorer, int words, int batchSize, int padding) {
        return new RegionPerturbation(scorer, 1, words, batchSize, (double) padding);
    }

    /** What deleted words become, in the ids' shape; only for {@link #wordDeletion}. */
    public INDArray deleted(INDArray ids) {
        if (padding == null) {
            throw new IllegalStateException("only word deletion replaces by the padding token");
        }
        return Nd4j.valueArrayOf(ids.shape(), padding, ids.dataType());
    }

    /**
     * Each row's relevance per region, {@code [batch, regions]}: summed over the region and over channels (images),
     * features (sequences), or as it is (feature vectors).
     *
     * @throws ExplainException when the regions do not tile the input, or the input has no region layout
     */
    public INDArray regionRelevance(INDArray relevance) {
        long n = relevance.size(0);
        switch (relevance.rank()) {
            case 2 -> {
                if (region != 1) {
                    throw new ExplainException("a feature vector has no regions larger than one value: use --region 1");
                }
                return relevance.dup();
            }
            case 3 -> {
                long t = relevance.size(2);
                checkTiles(t, "the sequence's " + t + " steps");
                return relevance.sum(1).reshape('c', n, t / region, region).sum(2);
            }
            case 4 -> {
                long h = relevance.size(2);
                long w = relevance.size(3);
                checkTiles(h, "the image's height " + h);
                checkTiles(w, "the image's width " + w);
                return relevance.sum(1).reshape('c', n, h / region, region, w / region, region).sum(2, 4)
                        .reshape('c', n, (h / region) * (w / region));
            }
            default -> throw new ExplainException("region perturbation needs feature vectors [N, F], sequences"
                    + " [N, F, T] or images [N, C, H, W]; got shape " + Arrays.toString(relevance.shape()));
        }
    }

    private void checkTiles(long size, String what) {
        if (region > size) {
            throw new ExplainException("--region " + region + " is larger than " + what);
        }
        if (size % region != 0) {
            throw new ExplainException("--region " + region + " does not tile " + what + ": choose a divisor");
        }
    }

    /**
     * The perturbation curve of one ordering of the regions.
     *
     * @param method the label it is reported under
     * @param order most or least relevant first
     * @param x the unperturbed rows
     * @param replacement the values perturbed regions take, in {@code x}'s shape
     * @param targets each row's explained class, {@code [batch]}
     * @param regionScores {@code [batch, regions]}: the higher, the earlier under {@link Order#MORF}
     */
    public PerturbationCurve curve(String method, Order order, INDArray x, INDArray replacement, INDArray targets,
            INDArray regionScores) {
        long n = x.size(0);
        long regions = regionScores.size(1);
        if (steps > regions) {
            throw new ExplainException("--steps " + steps + " is more than the " + regions + " regions to perturb");
        }
        // In double precision, where the jitter below is far above the rounding of any score.
        INDArray ordered = regionScores.castTo(DataType.DOUBLE);
        ordered = order == Order.MORF ? ordered.dup() : ordered.neg();
        // Ties (an LRP rule gives black background exactly zero) are broken at random, not in reading order: a
        // jitter far below any difference between scores that are not equal.
        double largest = Transforms.abs(ordered).maxNumber().doubleValue();
        double scale = largest > 0 ? largest : 1;
        Nd4j.getRandom().setSeed(TIE_SEED);
        ordered.addi(Nd4j.rand(ordered.dataType(), ordered.shape()).muli(scale * 1e-9));
        if (padding != null) {
            // Padding after every word in either order: below every jittered score, whose size is at most scale.
            INDArray pads = x.eq(padding).castTo(ordered.dataType());
            ordered.muli(pads.rsub(1)).addi(pads.muli(-(2 * scale + 1)));
        }
        // Each row's scores from the highest down (libnd4j's sort per row): the first c regions are those at or above
        // the c-th, since no two jittered scores are equal (padding, tied at the end, is never among the first).
        INDArray descending = Nd4j.sort(ordered.dup(), 1, false);
        INDArray difference = replacement.sub(x);
        INDArray oneHot = null;
        INDArray scores = Nd4j.create(x.dataType(), steps + 1, n);
        int perPass = (int) Math.max(1, batchSize / n);
        for (int first = 0; first <= steps; first += perPass) {
            int last = Math.min(steps, first + perPass - 1);
            List<INDArray> block = new ArrayList<>();
            for (int k = first; k <= last; k++) {
                // Regions spread evenly over the steps; words one a step.
                long count = padding != null ? k : Math.round((double) k * regions / steps);
                INDArray mask = pixels(firstRegions(ordered, descending, count).castTo(x.dataType()), x);
                block.add(x.add(mask.muli(difference)));
            }
            INDArray batch = block.size() == 1 ? block.get(0) : Nd4j.concat(0, block.toArray(INDArray[]::new));
            INDArray all = scorer.scores(batch);
            if (oneHot == null) {
                oneHot = OneHot.of(targets, all.get(NDArrayIndex.interval(0, n), NDArrayIndex.all()));
            }
            INDArray picked = all.muli(Nd4j.tile(oneHot, block.size(), 1)).sum(1).reshape(block.size(), n);
            scores.get(NDArrayIndex.interval(first, last + 1), NDArrayIndex.all()).assign(picked);
        }
        INDArray perRow = scores.getRow(0).sub(scores.mean(0));
        double aopc = perRow.meanNumber().doubleValue();
        double se = n > 1 ? perRow.stdNumber().doubleValue() / Math.sqrt(n) : 0;
        return new PerturbationCurve(method, order, scores.mean(1).toDoubleVector(), aopc, se);
    }

    /** Per row, which regions are among its {@code count} highest scores, {@code [batch, regions]}. */
    private static INDArray firstRegions(INDArray ordered, INDArray descending, long count) {
        if (count == 0) {
            return Nd4j.zeros(DataType.BOOL, ordered.shape());
        }
        INDArray threshold = descending.getColumn(count - 1).reshape(ordered.size(0), 1);
        return ordered.subColumnVector(threshold).gte(0);
    }

    /** A mask over regions {@code [batch, regions]} spread over the input's values, in {@code x}'s shape. */
    private INDArray pixels(INDArray mask, INDArray x) {
        long n = x.size(0);
        return switch (x.rank()) {
            case 2 -> mask;
            case 3 -> mask.repeat(1, region).reshape('c', n, 1, x.size(2)).repeat(1, x.size(1));
            default -> mask.reshape('c', n, x.size(2) / region, x.size(3) / region).repeat(1, region)
                    .repeat(2, region).reshape('c', n, 1, x.size(2), x.size(3)).repeat(1, x.size(1));
        };
    }

    /** A random ordering's curve, averaged over {@code seeds} seeds: the baseline every method should beat. */
    public PerturbationCurve randomCurve(Order order, INDArray x, INDArray replacement, INDArray targets,
            long regions, int seeds, long seed) {
        List<PerturbationCurve> curves = new ArrayList<>();
        for (int s = 0; s < seeds; s++) {
            Nd4j.getRandom().setSeed(seed + s);
            curves.add(curve("random", order, x, replacement, targets,
                    Nd4j.rand(x.dataType(), x.size(0), regions)));
        }
        double[] mean = new double[steps + 1];
        double aopc = 0;
        double se = 0;
        for (PerturbationCurve c : curves) {
            for (int k = 0; k <= steps; k++) {
                mean[k] += c.meanScore()[k] / seeds;
            }
            aopc += c.aopc() / seeds;
            se += c.standardError() / seeds;
        }
        return new PerturbationCurve("random", order, mean, aopc, se);
    }
}

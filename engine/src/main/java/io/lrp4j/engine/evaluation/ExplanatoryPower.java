package io.lrp4j.engine.evaluation;

import io.lrp4j.engine.ExplainException;
import io.lrp4j.engine.OneHot;
import io.lrp4j.engine.RowVectors;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.api.ops.impl.transforms.custom.CumSum;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The explanatory power index (EPI; Arras et al. 2017, "What is relevant in a text document?"): how much of what
 * tells documents' classes apart their word relevance keeps. Each document becomes one vector, the sum of its words'
 * embedding vectors weighted by their relevance ({@link #documentVectors}); a k-nearest-neighbour classifier on those
 * vectors is then scored, and the EPI is its best accuracy over k.
 *
 * <p>The protocol, fixed here so that runs compare: {@code splits} random halvings of the documents (seeded; the
 * first half are the neighbours, the second half are classified); cosine similarity (vectors scaled to unit length;
 * a zero vector is equally far from all); k from 1 to {@code maxK} (at most the neighbours' count); a majority vote,
 * ties going to the class of the nearer neighbours; accuracy averaged over the splits; EPI = the highest mean
 * accuracy over k, with the standard error over splits at that k.
 */
public final class ExplanatoryPower {
    /**
     * One method's EPI.
     *
     * @param method the label it is reported under
     * @param epi the best mean accuracy over k
     * @param standardError the standard error of that mean over the splits
     * @param bestK the k that gives it
     * @param meanAccuracy the mean accuracy for k = 1, 2, ... ({@code meanAccuracy[k - 1]})
     */
    public record Result(String method, double epi, double standardError, int bestK, double[] meanAccuracy) {
    }

    private final int splits;
    private final int maxK;
    private final long seed;

    /**
     * @param splits random halvings averaged over
     * @param maxK the largest k tried
     * @param seed fixes the halvings: every method is scored on the same ones
     */
    public ExplanatoryPower(int splits, int maxK, long seed) {
        if (splits < 1) {
            throw new ExplainException("the explanatory power index needs at least one split, got " + splits);
        }
        if (maxK < 1) {
            throw new ExplainException("the explanatory power index needs k of at least 1, got " + maxK);
        }
        this.splits = splits;
        this.maxK = maxK;
        this.seed = seed;
    }

    /**
     * Each document's vector {@code sum_t R_t e(w_t)} over its words (padding left out), {@code [N, dim]}.
     *
     * @param ids token ids {@code [N, T]}, whole numbers
     * @param relevance each token's relevance {@code [N, T]}
     * @param embedding the embedding's vectors {@code [vocabulary, dim]}, one row per token id
     * @param padding the padding token's id
     */
    public static INDArray documentVectors(INDArray ids, INDArray relevance, INDArray embedding, int padding) {
        if (ids.rank() != 2 || !java.util.Arrays.equals(ids.shape(), relevance.shape())) {
            throw new ExplainException("document vectors need token ids and their relevance, both [N, T]; got "
                    + java.util.Arrays.toString(ids.shape()) + " and " + java.util.Arrays.toString(relevance.shape()));
        }
        long n = ids.size(0);
        long t = ids.size(1);
        long dim = embedding.size(1);
        // (reshape with one size and an order would pick reshape(rows, columns): the sizes alone are c order.)
        INDArray flatIds = ids.dup('c').reshape(n * t);
        INDArray words = relevance.castTo(embedding.dataType()).mul(ids.neq(padding).castTo(embedding.dataType()))
                .reshape(n * t, 1);
        return rows(embedding, flatIds).muliColumnVector(words).reshape(n, t, dim).sum(1);
    }

    /**
     * The EPI of one method's document vectors.
     *
     * @param method the label it is reported under
     * @param documents {@code [N, dim]}, from {@link #documentVectors}
     * @param labels each document's class {@code [N]}, whole numbers from 0
     */
    public Result of(String method, INDArray documents, INDArray labels) {
        long n = documents.size(0);
        long half = n / 2;
        if (half < 1 || n - half < 1) {
            throw new ExplainException("the explanatory power index needs at least 2 documents, got " + n);
        }
        int k = (int) Math.min(maxK, half);
        INDArray unit = RowVectors.unitLength(documents);
        INDArray classes = OneHot.of(labels.reshape(labels.length()).castTo(DataType.INT64),
                Nd4j.zeros(DataType.DOUBLE, n, labels.maxNumber().longValue() + 1));
        INDArray accuracy = Nd4j.create(DataType.DOUBLE, splits, k);
        for (int s = 0; s < splits; s++) {
            INDArray order = RowVectors.shuffled(n, seed + s);
            INDArray neighbours = order.get(NDArrayIndex.interval(0, half));
            INDArray asked = order.get(NDArrayIndex.interval(half, n));
            accuracy.getRow(s).assign(accuracyByK(rows(unit, neighbours), rows(classes, neighbours),
                    rows(unit, asked), rows(classes, asked), k));
        }
        INDArray mean = accuracy.mean(0);
        int best = mean.argMax().getInt(0);
        double se = splits > 1 ? accuracy.getColumn(best).stdNumber().doubleValue() / Math.sqrt(splits) : 0;
        return new Result(method, mean.getDouble(best), se, best + 1, mean.toDoubleVector());
    }

    /** The share of {@code asked} whose class the vote of their k nearest neighbours gives, for k = 1..{@code k}. */
    static INDArray accuracyByK(INDArray neighbours, INDArray neighbourClasses, INDArray asked,
            INDArray askedClasses, int k) {
        long m = asked.size(0);
        long c = neighbourClasses.size(1);
        INDArray similarity = asked.mmul(neighbours.transpose());
        INDArray nearest = Nd4j.exec(DynamicCustomOp.builder("top_k").addInputs(similarity).addIntegerArguments(k)
                .addBooleanArguments(true).build())[1].dup('c').reshape(m * k);
        // Votes of the first j neighbours for every j at once; the j-th neighbour's vote is worth 1 + (k - j) d with
        // d * k * k < 1, so counts decide and, between equal counts, the class of the nearer neighbours wins.
        INDArray weights = Nd4j.linspace(DataType.DOUBLE, 0.0, k - 1.0, k).rsubi(k).muli(1e-3 / ((double) k * k)).addi(1)
                .reshape(k);
        INDArray weighted = rows(neighbourClasses, nearest).reshape(m, k, c);
        Nd4j.exec(new BroadcastMulOp(weighted, weights, weighted, 1));
        // libnd4j's cumulative sum: INDArray.cumsum walks vectors in Java.
        INDArray votes = Nd4j.exec(new CumSum(weighted, false, false, 1))[0];
        INDArray predicted = votes.argMax(2);
        INDArray truth = askedClasses.argMax(1).reshape(m, 1);
        return predicted.eq(truth.broadcast(m, k)).castTo(DataType.DOUBLE).mean(0);
    }

    /** The rows of {@code a} at whole-number {@code indices} {@code [m]}, {@code [m, width]}. */
    private static INDArray rows(INDArray a, INDArray indices) {
        return Nd4j.pullRows(a, 1, indices.toIntVector());
    }
}

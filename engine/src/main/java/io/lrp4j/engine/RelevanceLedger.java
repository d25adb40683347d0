package io.lrp4j.engine;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The per-row relevance totals at every stage boundary of one explanation. Each stage adds one sum; what the stages
 * absorbed, and whether any total is NaN or infinite, then take one operation each for the whole network instead of
 * one per stage, which at batch 1 cost as much as a small layer's arithmetic.
 */
final class RelevanceLedger {
    /** Index {@code i}: the totals at stage {@code i}'s input; the last: the seed's. */
    private final INDArray[] sums;
    /** The relevance recorded last (the seed at first); only compared by identity. */
    private INDArray last;

    /** A ledger for {@code stages} stages, starting from the seed relevance at the top. */
    RelevanceLedger(int stages, INDArray seed) {
        this.sums = new INDArray[stages + 1];
        sums[stages] = RowSums.of(seed);
        last = seed;
    }

    /**
     * Records the relevance at stage {@code boundary}'s input.
     *
     * @param reused whether the relevance array may be the one recorded last holding new values: the stage's rule
     *     released its relevance, whose array the pool may have handed back as the result
     */
    void record(int boundary, INDArray relevance, boolean reused) {
        // A stage that passed its relevance through (an activation under LRP) has the totals of the one above: the
        // same array, which nothing writes to.
        sums[boundary] = relevance == last && !reused ? sums[boundary + 1] : RowSums.of(relevance);
        last = relevance;
    }

    /**
     * Per stage and row, relevance in minus relevance out, {@code [stages, batch]}; every stage must be recorded. A
     * NaN or infinite total anywhere makes the sum of this matrix NaN or infinite.
     */
    INDArray absorbed() {
        int stages = sums.length - 1;
        INDArray totals = Nd4j.stack(0, sums);
        return totals.get(NDArrayIndex.interval(1, stages + 1), NDArrayIndex.all())
                .sub(totals.get(NDArrayIndex.interval(0, stages), NDArrayIndex.all()));
    }

    /**
     * The stage that, going down from the seed, first gave NaN or infinite relevance; -1 when every total recorded
     * so far is finite. One check per stage: for the failure path.
     */
    int firstNonFinite() {
        for (int i = sums.length - 2; i >= 0 && sums[i] != null; i--) {
            if (!Double.isFinite(sums[i].sumNumber().doubleValue())) {
                return i;
            }
        }
        return -1;
    }
}

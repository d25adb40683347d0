package io.lrp4j.engine;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The per-row relevance totals on both sides of every stage of one explanation: at its output (what reached it) and
 * at its input (what it passed on). What the stages absorbed, and whether any total is NaN or infinite, then take
 * one operation each for the whole network instead of one per stage, which at batch 1 cost as much as a small
 * layer's arithmetic. In a chain a stage's output totals are the input totals of the stage above, so each stage
 * costs one sum.
 */
final class RelevanceLedger {
    /** Per stage, the totals at its output. */
    private final INDArray[] above;
    /** Per stage, the totals at its input; null until the stage ran. */
    private final INDArray[] below;

    RelevanceLedger(int stages) {
        this.above = new INDArray[stages];
        this.below = new INDArray[stages];
    }

    /** Records the totals of the relevance that reached stage {@code stage}'s output, and returns them. */
    INDArray above(int stage, INDArray totals) {
        above[stage] = totals;
        return totals;
    }

    /** Records the totals of the relevance at stage {@code stage}'s input, and returns them. */
    INDArray below(int stage, INDArray totals) {
        below[stage] = totals;
        return totals;
    }

    /** The totals recorded at stage {@code stage}'s input. */
    INDArray below(int stage) {
        return below[stage];
    }

    /** The totals recorded at stage {@code stage}'s output. */
    INDArray above(int stage) {
        return above[stage];
    }

    /**
     * Per stage and row, relevance in minus relevance out, {@code [stages, batch]}; every stage must be recorded. A
     * NaN or infinite total anywhere makes the sum of this matrix NaN or infinite.
     */
    INDArray absorbed() {
        return Nd4j.stack(0, above).subi(Nd4j.stack(0, below));
    }

    /**
     * The stage that, going down from the scores, first gave NaN or infinite relevance; -1 when every total recorded
     * so far is finite. One check per stage: for the failure path.
     */
    int firstNonFinite() {
        for (int i = below.length - 1; i >= 0; i--) {
            if (below[i] != null && !Double.isFinite(below[i].sumNumber().doubleValue())) {
                return i;
            }
        }
        return -1;
    }
}

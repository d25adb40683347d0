package io.lrp4j.engine;

import io.lrp4j.api.Chunks;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The result of explaining one batch. Its arrays live off the Java heap until the garbage collector finds them
 * unreachable, which may be long after a caller is done with them; a caller that explains batch after batch (as
 * {@link BlockExplainer} does) frees each explanation with {@link #close()} once it has used it, so that no earlier
 * batch's arrays sit under the next one's peak.
 *
 * @param relevance relevance at the input, of the input's shape
 * @param scores the pre-softmax scores {@code [batch, classes]}
 * @param targets the explained class of each row, {@code [batch]} INT64
 * @param stages one report per stage, from input to output: rule, arguments, absorbed relevance
 * @param inputRelevance the relevance at each of the model's inputs, in the order of
 *     {@link Explainer#inputNames()}; for a model with one input, just {@code relevance}, which is always the first
 */
public record Explanation(INDArray relevance, INDArray scores, INDArray targets, List<StageReport> stages,
        List<INDArray> inputRelevance) implements AutoCloseable {
    /** The explanation of a model with one input. */
    public Explanation(INDArray relevance, INDArray scores, INDArray targets, List<StageReport> stages) {
        this(relevance, scores, targets, stages, List.of(relevance));
    }

    /** The explanation with an unmodifiable copy of the reports (the engine's own reports are already so). */
    public Explanation {
        stages = stages instanceof StageReports ? stages : List.copyOf(stages);
        inputRelevance = List.copyOf(inputRelevance);
    }

    /** Each row's summed relevance, over all the model's inputs, {@code [batch]}. */
    public INDArray relevanceSums() {
        INDArray sums = RowSums.of(relevance);
        for (int k = 1; k < inputRelevance.size(); k++) {
            sums.addi(RowSums.of(inputRelevance.get(k)));
        }
        return sums;
    }

    /** Each row's score of its target class, {@code [batch]}. */
    public INDArray targetScores() {
        return RowSums.of(scores.mul(OneHot.of(targets, scores)));
    }

    /**
     * Each row's relevance absorbed on the way down, summed over the stages, {@code [batch]}: what biases, stabilizers
     * and rules that drop relevance took. For LRP, score = relevance sum + absorbed, up to rounding; for gradient
     * methods (which start from 1, not from the score) it says nothing about the score.
     */
    public INDArray absorbed() {
        if (stages instanceof StageReports reports) {
            return reports.totalAbsorbed();
        }
        INDArray total = null;
        for (StageReport s : stages) {
            total = total == null ? s.absorbed().dup() : total.addi(s.absorbed());
        }
        return total == null ? relevanceSums().mul(0) : total;
    }

    /**
     * The part of {@link #absorbed()} that recurrent layers' rules gave states that are constants, {@code [batch]}:
     * the initial state {@code h_(-1) = 0} and the states a feature mask reset to zero (see
     * {@link StageReport#initialState()}); zero for networks without recurrent layers.
     */
    public INDArray absorbedByInitialStates() {
        INDArray total = relevanceSums().mul(0);
        for (StageReport s : stages) {
            if (s.initialState() != null) {
                total.addi(s.initialState());
            }
        }
        return total;
    }

    /**
     * Frees the native memory of every array of this explanation (relevance, scores, targets and the stage reports'
     * arrays) now instead of at garbage collection. The arrays must not be read afterwards: copy what you keep.
     * Closing twice does nothing more.
     */
    @Override
    public void close() {
        Chunks.free(relevance, scores, targets);
        for (int k = 1; k < inputRelevance.size(); k++) {
            Chunks.free(inputRelevance.get(k));
        }
        if (stages instanceof StageReports reports) {
            reports.free();
        }
    }
}

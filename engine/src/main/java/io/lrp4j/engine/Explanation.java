package io.lrp4j.engine;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The result of explaining one batch.
 *
 * @param relevance relevance at the input, of the input's shape
 * @param scores the pre-softmax scores {@code [batch, classes]}
 * @param targets the explained class of each row, {@code [batch]} INT64
 * @param stages one report per stage, from input to output: rule, arguments, absorbed relevance
 */
public record Explanation(INDArray relevance, INDArray scores, INDArray targets, List<StageReport> stages) {

    /** The explanation with an unmodifiable copy of the reports (the engine's own reports are already so). */
    public Explanation {
        stages = stages instanceof StageReports ? stages : List.copyOf(stages);
    }

    /** Each row's summed relevance, {@code [batch]}. */
    public INDArray relevanceSums() {
        return RowSums.of(relevance);
    }

    /** Each row's score of its target class, {@code [batch]}. */
    public INDArray targetScores() {
        return RowSums.of(scores.mul(OneHot.of(targets, scores)));
    }
}

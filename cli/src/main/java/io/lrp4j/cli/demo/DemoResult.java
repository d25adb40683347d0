package io.lrp4j.cli.demo;

import io.lrp4j.engine.Explanation;
import io.lrp4j.engine.StageReport;
import io.lrp4j.engine.network.StageKind;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * One method's explanation of the demo images, with its conservation error and ledger per image, computed once
 * for the report and the summary alike.
 *
 * @param method the method
 * @param explanation what the engine returned
 * @param conservationError {@code |sum R - score| / |score|} per image
 * @param absorbedByLayers relevance absorbed by layers with weights: dense, convolution and recurrent (biases,
 *     stabilizers, an LSTM's cell split), per image, in the
 *     score's units
 * @param absorbedByPools relevance absorbed by pooling, per image, in the score's units
 */
public record DemoResult(DemoMethod method, Explanation explanation, INDArray conservationError,
        INDArray absorbedByLayers, INDArray absorbedByPools) {

    /** The result of one method's explanation. */
    public static DemoResult of(DemoMethod method, Explanation e) {
        INDArray score = e.targetScores();
        INDArray error = Transforms.abs(e.relevanceSums().sub(score)).divi(Transforms.abs(score).addi(1e-12));
        return new DemoResult(method, e, error, absorbed(e, score, Set.of(StageKind.DENSE, StageKind.CONV,
                StageKind.SIMPLE_RNN, StageKind.LSTM)),
                absorbed(e, score, Set.of(StageKind.MAX_POOL, StageKind.AVG_POOL)));
    }

    /** Per image, {@code absorbed} as a share of the image's score. */
    public INDArray shareOfScore(INDArray absorbed) {
        return absorbed.div(explanation.targetScores());
    }

    private static INDArray absorbed(Explanation e, INDArray score, Set<StageKind> kinds) {
        INDArray total = score.mul(0);
        for (StageReport s : e.stages()) {
            if (kinds.contains(s.kind())) {
                total.addi(s.absorbed());
            }
        }
        return total;
    }
}

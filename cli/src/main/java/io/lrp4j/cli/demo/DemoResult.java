package io.lrp4j.cli.demo;

import io.lrp4j.engine.Explanation;
import io.lrp4j.engine.StageReport;
import io.lrp4j.engine.network.StageKind;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * One method's explanation of the demo images, with its conservation error and ledger per image.
 *
 * @param method the method
 * @param explanation what the engine returned
 */
public record DemoResult(DemoMethod method, Explanation explanation) {
    /** {@code |sum R - score| / |score|} per image. */
    public INDArray conservationError() {
        INDArray score = explanation.targetScores();
        return Transforms.abs(explanation.relevanceSums().sub(score)).divi(Transforms.abs(score).addi(1e-12));
    }

    /** Relevance absorbed per image by stages of the given kinds, as a share of the score. */
    public INDArray absorbedShare(StageKind... kinds) {
        java.util.Set<StageKind> set = java.util.Set.of(kinds);
        INDArray total = explanation.targetScores().mul(0);
        for (StageReport s : explanation.stages()) {
            if (set.contains(s.kind())) {
                total.addi(s.absorbed());
            }
        }
        return total.divi(explanation.targetScores());
    }
}

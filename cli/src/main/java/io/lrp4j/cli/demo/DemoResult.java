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
 * @param absorbedByLayers relevance absorbed by dense and convolution layers (bias, stabilizer), as a share of the
 *     score, per image
 * @param absorbedByPools relevance absorbed by pooling, as a share of the score, per image
 */
public record DemoResult(DemoMethod method, Explanation explanation, INDArray conservationError,
        INDArray absorbedByLayers, INDArray absorbedByPools) {

    /** The result of one method's explanation. */
    public static DemoResult of(DemoMethod method, Explanation e) {
        INDArray score = e.targetScores();
        INDArray error = Transforms.abs(e.relevanceSums().sub(score)).divi(Transforms.abs(score).addi(1e-12));
        return new DemoResult(method, e, error, absorbed(e, score, Set.of(StageKind.DENSE, StageKind.CONV)),
                absorbed(e, score, Set.of(StageKind.MAX_POOL, StageKind.AVG_POOL)));
    }

    private static INDArray absorbed(Explanation e, INDArray score, Set<StageKind> kinds) {
        INDArray total = score.mul(0);
        for (StageReport s : e.stages()) {
            if (kinds.contains(s.kind())) {
                total.addi(s.absorbed());
            }
        }
        return total.divi(score);
    }
}

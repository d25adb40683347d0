package io.lrp4j.engine;

import io.lrp4j.api.Chunks;
import io.lrp4j.engine.network.Stage;
import io.lrp4j.engine.plan.RulePlan;
import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An explanation's stage reports, each made when first read: most callers want only the relevance, and each report
 * takes a view of the absorbed matrix, which costs a native shape buffer. Unmodifiable.
 */
final class StageReports extends AbstractList<StageReport> implements RandomAccess {
    private final List<Stage> stages;
    private final RulePlan plan;
    private final INDArray absorbed;
    private final INDArray[] layerRelevance;
    private final INDArray[] initialStates;
    private final StageReport[] made;

    StageReports(List<Stage> stages, RulePlan plan, INDArray absorbed, INDArray[] layerRelevance,
            INDArray[] initialStates) {
        this.stages = stages;
        this.plan = plan;
        this.absorbed = absorbed;
        this.layerRelevance = layerRelevance;
        this.initialStates = initialStates;
        this.made = new StageReport[stages.size()];
    }

    @Override
    public synchronized StageReport get(int i) {
        if (made[i] == null) {
            Stage stage = stages.get(i);
            made[i] = new StageReport(stage.layer(), stage.kind(), plan.describe(i), absorbed.getRow(i),
                    layerRelevance[i], initialStates[i]);
        }
        return made[i];
    }

    @Override
    public int size() {
        return made.length;
    }

    /** Per row, the relevance absorbed by all stages together, {@code [batch]}. */
    INDArray totalAbsorbed() {
        return absorbed.sum(0);
    }

    /** Frees the absorbed relevances and the kept layer relevances. */
    void free() {
        Chunks.free(absorbed);
        Chunks.free(layerRelevance);
        Chunks.free(initialStates);
    }
}

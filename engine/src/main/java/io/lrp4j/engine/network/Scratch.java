package io.lrp4j.engine;

import java.util.function.Supplier;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs one stage's step in an ND4J workspace, so that its temporaries (im2col buffers, modified inputs, ratios)
 * are released when the step ends instead of whenever the garbage collector gets to them; only the result is
 * copied out. Workspaces belong to a thread, so concurrent explanations do not share one.
 */
final class StageMemory {
    private static final String WORKSPACE = "lrp4j-stage";
    private static final WorkspaceConfiguration CONFIG = WorkspaceConfiguration.builder()
            .initialSize(0)
            .policyAllocation(AllocationPolicy.OVERALLOCATE)
            .overallocationLimit(0.2)
            .policyLearning(LearningPolicy.OVER_TIME)
            .cyclesBeforeInitialization(1)
            .policySpill(SpillPolicy.EXTERNAL)
            .build();

    private StageMemory() {
    }

    /** The step's result, detached from the workspace. */
    @SuppressWarnings("try") // the workspace is only a scope: allocations inside it land in it
    static INDArray run(Supplier<INDArray> step) {
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(CONFIG, WORKSPACE)) {
            INDArray result = step.get();
            return result == null ? null : result.detach();
        }
    }
}

package io.lrp4j.engine.network;

import java.util.function.Supplier;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Scratch memory in three levels of ND4J workspaces, so that temporaries are released when their step ends instead
 * of whenever the garbage collector gets to them. A stage's step (one rule application, one forward stage) runs in
 * the outer workspace and only its result is copied out. Each linear map call a rule makes (a forward or a
 * transpose, with its im2col buffers) runs in the middle one and only its result moves up to the stage, so a rule's
 * peak holds the rule's own arrays, not every buffer of every call it made. Each band of a banded convolution runs
 * in the inner one. Workspaces belong to a thread, so
 * concurrent explanations do not share one.
 */
public final class Scratch {
    private static final String STAGE = "lrp4j-stage";
    private static final String CALL = "lrp4j-call";
    private static final String BAND = "lrp4j-band";
    private static final WorkspaceConfiguration CONFIG = WorkspaceConfiguration.builder()
            .initialSize(0)
            .policyAllocation(AllocationPolicy.OVERALLOCATE)
            .overallocationLimit(0.2)
            .policyLearning(LearningPolicy.OVER_TIME)
            .cyclesBeforeInitialization(1)
            .policySpill(SpillPolicy.EXTERNAL)
            .build();

    private Scratch() {
    }

    /** Runs a stage's step; its result is detached from every workspace. */
    @SuppressWarnings("try") // the workspace is only a scope: allocations inside it land in it
    public static INDArray stage(Supplier<INDArray> step) {
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(CONFIG, STAGE)) {
            INDArray result = step.get();
            return result == null ? null : result.detach();
        }
    }

    /**
     * Runs one band of a banded convolution, which writes its result into arrays made outside; the band's buffers
     * are reused by the next band instead of piling up until the step ends.
     */
    @SuppressWarnings("try")
    static void band(Runnable band) {
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(CONFIG, BAND)) {
            band.run();
        }
    }

    /**
     * Runs one map call inside a stage's step; its result moves to the stage's workspace. Outside a stage's step
     * (a rule tested on its own, or a parameter-derived array being cached) the call runs as it is.
     */
    @SuppressWarnings("try")
    static INDArray call(Supplier<INDArray> call) {
        MemoryWorkspace current = Nd4j.getMemoryManager().getCurrentWorkspace();
        if (current == null || !STAGE.equals(current.getId())) {
            return call.get();
        }
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(CONFIG, CALL)) {
            return call.get().leverageTo(STAGE);
        }
    }
}

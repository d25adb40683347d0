package io.lrp4j.engine.network;

import java.util.function.Supplier;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
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
 * in the inner one.
 *
 * <p>Every workspace is destroyed when its step ends, so no memory stays between steps or between calls: a
 * workspace that is only closed keeps its largest cycle's memory, which on VGG-16 at batch 4 kept 310 MB after each
 * call and put a small layer's peak on top of a large layer's buffers. Workspaces belong to a thread, so concurrent
 * explanations do not share one.
 */
public final class Scratch {
    private static final String STAGE = "lrp4j-stage";
    private static final String CALL = "lrp4j-call";
    private static final String BAND = "lrp4j-band";
    private static final WorkspaceConfiguration CONFIG = WorkspaceConfiguration.builder()
            .initialSize(0)
            .policyLearning(LearningPolicy.NONE)
            .policySpill(SpillPolicy.EXTERNAL)
            .build();

    private Scratch() {
    }

    /** Runs a stage's step; its result is detached from every workspace. */
    public static INDArray stage(Supplier<INDArray> step) {
        return scoped(STAGE, () -> {
            INDArray result = step.get();
            return result == null ? null : result.detach();
        });
    }

    /**
     * Runs one band of a banded convolution, which writes its result into arrays made outside; the band's buffers
     * are freed before the next band starts.
     */
    static void band(Runnable band) {
        scoped(BAND, () -> {
            band.run();
            return null;
        });
    }

    /**
     * Runs one map call inside a stage's step; its result moves to the stage's workspace. Outside a stage's step
     * (a rule tested on its own, or a parameter-derived array being cached) the call runs as it is.
     */
    static INDArray call(Supplier<INDArray> call) {
        MemoryWorkspace current = Nd4j.getMemoryManager().getCurrentWorkspace();
        if (current == null || !STAGE.equals(current.getId())) {
            return call.get();
        }
        return scoped(CALL, () -> call.get().leverageTo(STAGE));
    }

    /**
     * Runs a body in a workspace of its own and frees all the workspace's memory when it ends. A closed workspace
     * keeps its memory for the next cycle; destroyed, it gives the memory back, so a later step's peak never includes
     * an earlier, larger step's buffers.
     */
    private static <T> T scoped(String id, Supplier<T> body) {
        MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(CONFIG, id);
        try {
            return body.get();
        } finally {
            ws.close();
            ws.destroyWorkspace(true);
        }
    }
}

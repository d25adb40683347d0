package io.lrp4j.engine.network;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Scratch memory in three levels of ND4J workspaces, so that temporaries are released when their step ends instead
 * of whenever the garbage collector gets to them. A stage's step (one rule application, one forward stage) runs in
 * the outer workspace. Each linear map call a rule makes (a forward or a transpose) runs in the middle one, so what
 * the call needs besides its result (such as the rows of a gradient laid out for a product) is gone when it
 * returns. Each band of a banded convolution runs in the inner one. Maps write their results into arrays made by
 * {@link #result}, outside every workspace, so a result reaches the rule and leaves the stage without a copy; a
 * rule's own arrays live in the stage's workspace and only the one it returns is copied out.
 *
 * <p>Every workspace is destroyed when its step ends, so no workspace memory stays between steps or between calls:
 * a workspace that is only closed keeps its largest cycle's memory, which on VGG-16 at batch 4 kept 310 MB after each
 * call and put a small layer's peak on top of a large layer's buffers. Workspaces belong to a thread, so concurrent
 * explanations do not share one. Result arrays are different: those the engine is done with go back to the thread's
 * {@link ArrayPool} ({@link #release}, {@link #releaseActivation}), within bounds set by the call's activations, and
 * {@link #result} takes from there first.
 */
public final class Scratch {
    private static final String STAGE = "lrp4j-stage";
    private static final String CALL = "lrp4j-call";
    private static final String BAND = "lrp4j-band";
    /** The results made in the running stage's step, or null outside one. */
    private static final ThreadLocal<List<INDArray>> MADE = new ThreadLocal<>();
    private static final WorkspaceConfiguration CONFIG = WorkspaceConfiguration.builder()
            .initialSize(0)
            .policyLearning(LearningPolicy.NONE)
            .policySpill(SpillPolicy.EXTERNAL)
            .build();

    private Scratch() {
    }

    /**
     * Runs a stage's step; its result is detached from every workspace. Results made by {@link #result} during the
     * step and not returned by it are freed when it ends.
     */
    public static INDArray stage(Supplier<INDArray> step) {
        List<INDArray> outer = MADE.get();
        List<INDArray> made = new ArrayList<>();
        MADE.set(made);
        INDArray result = null;
        try {
            result = scoped(STAGE, () -> {
                INDArray r = step.get();
                return r == null ? null : r.detach();
            });
            return result;
        } finally {
            MADE.set(outer);
            long kept = result == null ? 0 : result.data().address();
            ArrayPool pool = ArrayPool.mine();
            for (INDArray a : made) {
                // A map may have released an array of its own already; the pool keeps it once.
                if (!a.wasClosed() && a.data().address() != kept) {
                    pool.release(a);
                }
            }
        }
    }

    /**
     * A new array for a map's result, zeroed or not, made outside every workspace: a result a stage returns as it is
     * then needs no copy out of the workspace. Made inside a stage's step, it is freed when the step ends unless the
     * step returns it (or a view of it); made outside any workspace (a cached parameter-derived array, a rule tested
     * on its own), it is an ordinary array.
     */
    @SuppressWarnings("try") // the scope only keeps the array out of the active workspace
    static INDArray result(boolean zeroed, DataType type, long... shape) {
        boolean tracked = Nd4j.getMemoryManager().getCurrentWorkspace() != null;
        INDArray a = ArrayPool.mine().take(type, shape);
        if (a != null) {
            if (zeroed) {
                a.assign(0);
            }
        } else {
            try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                a = zeroed ? Nd4j.create(type, shape) : Nd4j.createUninitialized(type, shape);
            }
        }
        List<INDArray> made = MADE.get();
        if (tracked && made != null) {
            made.add(a);
        }
        return a;
    }

    /**
     * Hands back an array made by {@link #result} that nothing reads any more (a recorded activation the backward
     * pass has gone past, say), so that a later result of its shape reuses it instead of a fresh allocation. Any
     * other array is closed.
     */
    public static void release(INDArray a) {
        ArrayPool.mine().release(a);
    }

    /**
     * Reports the arrays a call's forward pass recorded and still holds (not views, not the caller's input): the
     * arrays kept for reuse and the activations held never add up to more than these.
     */
    public static void recordActivations(Iterable<INDArray> activations) {
        ArrayPool.mine().recordActivations(activations);
    }

    /** Bytes of the activations this thread's last explanation recorded; see {@link #recordActivations}. */
    public static long recordedBytes() {
        return ArrayPool.mine().recordedBytes();
    }

    /**
     * Closes the arrays kept for reuse whose shapes are not among {@code needed}, the shapes the rest of the call can
     * still ask for.
     */
    public static void keepOnly(DataType type, java.util.Collection<long[]> needed) {
        ArrayPool.mine().keepOnly(type, needed);
    }

    /**
     * Reports the backward stage about to run, counted from the input: the pool then keeps no array of a shape that,
     * in the last call, only the stages already passed asked for.
     */
    public static void backwardStage(int index) {
        ArrayPool.mine().backwardStage(index);
    }

    /** Hands back one of the recorded activations, which nothing reads any more; see {@link #release}. */
    public static void releaseActivation(INDArray a) {
        ArrayPool.mine().releaseActivation(a);
    }

    /**
     * Reports that one of the recorded activations now holds something else (a rule's quotient, or the relevance a
     * rule wrote there): the activation is no longer held, and the array is released like any other when the
     * backward pass is done with it. Reporting an activation twice counts it once.
     */
    public static void activationBecameRelevance(INDArray a) {
        ArrayPool.mine().activationDone(a);
    }

    /**
     * Ends one explanation on this thread: the arrays kept for reuse stay for the next call, except those of shapes
     * this call did not record as activations.
     */
    public static void endCall() {
        ArrayPool.mine().endCall();
    }

    /** Closes every array this thread keeps for reuse (recurrent stages' blocks included) and returns the bytes. */
    public static long releaseKept() {
        return ArrayPool.mine().clear() + SequenceBlocks.clear();
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
     * Runs one map call inside a stage's step; its temporaries are freed when it returns, and a result made outside
     * the workspaces is returned as it is. Outside a stage's step (a rule tested on its own, or a parameter-derived
     * array being cached) the call runs as it is.
     */
    static INDArray call(Supplier<INDArray> call) {
        MemoryWorkspace current = Nd4j.getMemoryManager().getCurrentWorkspace();
        if (current == null || !STAGE.equals(current.getId())) {
            return call.get();
        }
        // A result made by result() is outside every workspace, and leverageTo leaves it as it is.
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

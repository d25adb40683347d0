package io.lrp4j.engine.network;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Per thread, the blocks {@code [T, N, width]} recurrent stages record their steps in, kept from one call for the
 * next call of the same shapes. A recurrent layer's recording is many times its output (pre-activations, states,
 * cell inputs, each for every step), and fresh arrays of that size cost more than the arithmetic at small widths:
 * on the sequence demo's ReLU RNN at batch 64, new blocks were 27% of a call, most of it the kernel zeroing fresh
 * pages. A thread keeps no more arrays of a shape than it had in use at once; {@link #clear} closes them all.
 */
final class SequenceBlocks {
    private static final ThreadLocal<Map<Key, Deque<INDArray>>> KEPT = ThreadLocal.withInitial(HashMap::new);
    /** Per block, each step's views, made once: kept blocks serve call after call, and so do their views. */
    private static final ThreadLocal<Map<INDArray, INDArray[][]>> VIEWS =
            ThreadLocal.withInitial(java.util.IdentityHashMap::new);
    /** More blocks with views than a thread keeps at once: some were dropped, not given back; start again. */
    private static final int MOST_BLOCKS_WITH_VIEWS = 256;

    private SequenceBlocks() {
    }

    private record Key(DataType type, List<Long> shape) {
        static Key of(DataType type, long[] shape) {
            List<Long> s = new ArrayList<>(shape.length);
            for (long d : shape) {
                s.add(d);
            }
            return new Key(type, s);
        }
    }

    /**
     * A block of this type and shape whose values are undefined, the caller's until {@link #give}n back; made outside
     * every workspace, so it outlives the step that asked for it.
     */
    @SuppressWarnings("try")
    static INDArray take(DataType type, long... shape) {
        Deque<INDArray> kept = KEPT.get().get(Key.of(type, shape));
        INDArray a = kept == null ? null : kept.poll();
        if (a != null) {
            return a;
        }
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return Nd4j.createUninitialized(type, shape);
        }
    }

    /** Keeps blocks from {@link #take} for the next {@link #take} of their shape; nulls are skipped. */
    static void give(INDArray... blocks) {
        for (INDArray a : blocks) {
            if (a != null && !a.wasClosed()) {
                KEPT.get().computeIfAbsent(Key.of(a.dataType(), a.shape()), k -> new ArrayDeque<>()).push(a);
            }
        }
    }

    /** Step {@code t} of a block {@code [T, N, width]}, {@code [N, width]}: {@link #view}'s first kind. */
    static INDArray slice(INDArray block, int t) {
        return view(block, t, 0, null);
    }

    /**
     * A view of step {@code t} of a block from {@link #take}, made once per block and kind and then kept with the
     * block: a view costs about what a small operation does (12 to 18 us against 6 to 12), and a recurrent layer
     * needs several per step.
     *
     * @param kind which view of the step: 0 is the slice itself; other kinds are the caller's, each always made by
     *     the same {@code ofSlice} of every block of a shape (a block given back may serve another role next call)
     * @param ofSlice makes the view from the step's slice; unused for kind 0
     */
    static INDArray view(INDArray block, int t, int kind, java.util.function.UnaryOperator<INDArray> ofSlice) {
        Map<INDArray, INDArray[][]> views = VIEWS.get();
        INDArray[][] steps = views.get(block);
        if (steps == null) {
            if (views.size() >= MOST_BLOCKS_WITH_VIEWS) {
                views.clear();
            }
            steps = new INDArray[(int) block.size(0)][];
            views.put(block, steps);
        }
        INDArray[] kinds = steps[t];
        if (kinds == null || kinds.length <= kind) {
            kinds = kinds == null ? new INDArray[kind + 1] : java.util.Arrays.copyOf(kinds, kind + 1);
            steps[t] = kinds;
        }
        if (kinds[kind] == null) {
            kinds[kind] = kind == 0 ? block.slice(t) : ofSlice.apply(slice(block, t));
        }
        return kinds[kind];
    }

    /** Closes every block this thread keeps and returns the bytes they held. */
    static long clear() {
        long bytes = 0;
        for (Deque<INDArray> kept : KEPT.get().values()) {
            for (INDArray a : kept) {
                bytes += a.length() * a.dataType().width();
                a.close();
            }
        }
        KEPT.get().clear();
        VIEWS.get().clear();
        return bytes;
    }
}

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
        return bytes;
    }
}

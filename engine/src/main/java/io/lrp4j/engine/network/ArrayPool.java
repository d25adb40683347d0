package io.lrp4j.engine.network;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Result arrays the engine is done with, kept on their thread for the next result of the same type and shape.
 *
 * <p>Why: libnd4j zeroes every buffer it allocates, and glibc hands a freed megabyte back to the kernel, so a fresh
 * array costs a page fault per 4 KB page as well as the zeroing. On the 1024-unit MLP at batch 256 that was a fifth
 * of an epsilon call (wall-clock profile), where DL4J's own forward pass reuses its workspaces and pays neither.
 *
 * <p>Bounded: an array is only made when no free one of its shape is here, so the arrays of one shape never outnumber
 * the most of that shape a call held at once, and {@link #endCall} drops the shapes the call just ended did not ask
 * for (another model's, say). Between calls a thread keeps the arrays of its last call, as DL4J keeps its workspaces.
 */
final class ArrayPool {
    private static final ThreadLocal<ArrayPool> MINE = ThreadLocal.withInitial(ArrayPool::new);

    private final Map<Key, Shelf> shelves = new HashMap<>();
    /** Every array on a shelf, by identity, so that one released twice is kept once. */
    private final Set<INDArray> kept = java.util.Collections.newSetFromMap(new IdentityHashMap<>());

    private ArrayPool() {
    }

    /** This thread's pool. */
    static ArrayPool mine() {
        return MINE.get();
    }

    /** A kept array of this type and shape, now the caller's, or null when there is none. */
    INDArray take(DataType type, long[] shape) {
        Shelf shelf = shelf(type, shape);
        shelf.asked = true;
        INDArray a = shelf.arrays.pollLast();
        if (a != null) {
            kept.remove(a);
        }
        return a;
    }

    /**
     * Keeps an array nothing reads any more for a later {@link #take}; one that is a view, lives in a workspace or
     * is laid out otherwise than a fresh array is closed instead. Releasing an array twice keeps it once.
     */
    void release(INDArray a) {
        if (a == null || a.wasClosed() || kept.contains(a)) {
            return;
        }
        if (a.isView() || a.isAttached() || a.ordering() != 'c' || !a.closeable()) {
            if (a.closeable()) {
                a.close();
            }
            return;
        }
        kept.add(a);
        shelf(a.dataType(), a.shape()).arrays.addLast(a);
    }

    private Shelf shelf(DataType type, long[] shape) {
        Shelf shelf = shelves.get(new Key(type, shape));
        if (shelf == null) {
            // A key of its own: ND4J hands out its shape arrays without copying them.
            shelf = new Shelf();
            shelves.put(new Key(type, shape.clone()), shelf);
        }
        return shelf;
    }

    /** Closes the arrays of every shape that was not asked for since the last call ended. */
    void endCall() {
        for (Iterator<Shelf> it = shelves.values().iterator(); it.hasNext(); ) {
            Shelf shelf = it.next();
            if (!shelf.asked) {
                for (INDArray a : shelf.arrays) {
                    kept.remove(a);
                    a.close();
                }
                it.remove();
            }
            shelf.asked = false;
        }
    }

    /** Closes every kept array. */
    void clear() {
        for (Shelf shelf : shelves.values()) {
            shelf.arrays.forEach(INDArray::close);
        }
        shelves.clear();
        kept.clear();
    }

    /** Bytes of the arrays kept now. */
    long bytes() {
        return kept.stream().mapToLong(a -> a.length() * a.dataType().width()).sum();
    }

    private static final class Shelf {
        final ArrayDeque<INDArray> arrays = new ArrayDeque<>();
        boolean asked;
    }

    private record Key(DataType type, long[] shape) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.type == type && Arrays.equals(k.shape, shape);
        }

        @Override
        public int hashCode() {
            return type.hashCode() * 31 + Arrays.hashCode(shape);
        }

        @Override
        public String toString() {
            return type + Arrays.toString(shape);
        }
    }
}

package io.lrp4j.engine.network;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Result arrays the engine is done with, kept on their thread for the next result of the same type and shape.
 *
 * <p>Why: libnd4j zeroes every buffer it allocates, and glibc hands a freed megabyte back to the kernel, so a fresh
 * array costs a page fault per 4 KB page as well as the zeroing. On the 1024-unit MLP at batch 256 that was a fifth
 * of an epsilon call (wall-clock profile), where DL4J's own forward pass reuses its workspaces and pays neither.
 *
 * <p>Bounded by the recorded activations: the engine tells the pool which arrays a call's forward pass recorded
 * ({@link #recordActivations}) and which of them it has finished with ({@link #releaseActivation}). Of each shape,
 * the pool keeps at most as many arrays as the activations of that shape already finished with, so what it keeps
 * and the activations still held never add up to more than the activations the call recorded. Everything else is
 * closed when released. And as the backward pass goes down, {@link #keepOnly} closes the arrays of shapes no layer
 * below has, so they do not sit on top of the peak that the large lower layers make. Between calls a thread keeps
 * what is left, as DL4J keeps its workspaces: on a network whose layers share one shape (the MLP) that is its
 * activations' worth, on a convolutional one little. {@link #endCall} drops the shapes the last call did not record
 * (another model's, say). Without these bounds the Fashion-MNIST CNN at batch 64 kept 21 MB after a call whose
 * activations are 11.5 MB, and its peak rose by up to two of its largest activations.
 */
final class ArrayPool {
    private static final ThreadLocal<ArrayPool> MINE = ThreadLocal.withInitial(ArrayPool::new);

    private final Map<Key, Shelf> shelves = new HashMap<>();
    /** Every array on a shelf, by identity, so that one released twice is kept once. */
    private final Set<INDArray> kept = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    /** The current call's activations it no longer holds, by identity, so that each is counted out once. */
    private final Set<INDArray> done = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    /**
     * For each shape the pool did not keep between calls, how many arrays each stage of the last backward pass asked
     * the pool for: during a backward pass the pool keeps no more of such a shape than the stages still to come asked
     * for, and none once the pass has gone below the lowest stage that asked for one. On the Fashion-MNIST CNN the
     * second convolution's ReLU output waited on its shelf through that convolution's step, whose epsilon quotient
     * takes z's place and whose z+ product takes z's memory, and it was that step's peak; the second pooling's
     * relevance, asked for by that pooling's own step only, then waited there as well. Relearned at every call's end.
     */
    private final Map<Key, Demand> wanted = new HashMap<>();
    /** The activations of the last call, in order: the layout {@link #wanted} was learned on. */
    private List<Key> lastLayout = List.of();
    /** The backward stage running now, counted from the input; {@link Integer#MAX_VALUE} when none is reported. */
    private int stage = Integer.MAX_VALUE;
    /** Whether a backward pass is running: between {@link #recordActivations} and {@link #endCall}. */
    private boolean backward;

    private ArrayPool() {
    }

    /** This thread's pool. */
    static ArrayPool mine() {
        return MINE.get();
    }

    /** A kept array of this type and shape, now the caller's, or null when there is none. */
    INDArray take(DataType type, long[] shape) {
        Key key = new Key(type, shape);
        Shelf shelf = shelves.get(key);
        INDArray a = shelf == null ? null : shelf.arrays.pollLast();
        if (a != null) {
            kept.remove(a);
        }
        if (backward && shelf != null) {
            shelf.asked.merge(stage, 1, Integer::sum);
        }
        return a;
    }

    /**
     * Starts counting a call's activations: the arrays its forward pass recorded, which it still holds. Counts of an
     * earlier call are dropped.
     */
    /** Bytes of the activations the last call recorded ({@link #recordActivations}); 0 before any call. */
    long recordedBytes() {
        long bytes = 0;
        if (lastLayout != null) {
            for (Key k : lastLayout) {
                long elements = 1;
                for (long d : k.shape()) {
                    elements *= d;
                }
                bytes += elements * k.type().width();
            }
        }
        return bytes;
    }

    void recordActivations(Iterable<INDArray> activations) {
        done.clear();
        backward = true;
        // What was learned holds for calls of one layout only: another model's, or another batch size's, starts over.
        List<Key> layout = new ArrayList<>();
        activations.forEach(a -> layout.add(new Key(a.dataType(), a.shape().clone())));
        if (!layout.equals(lastLayout)) {
            wanted.clear();
            lastLayout = layout;
        }
        stage = Integer.MAX_VALUE;
        shelves.values().forEach(shelf -> {
            shelf.activations = 0;
            shelf.live = 0;
            shelf.asked.clear();
        });
        for (INDArray a : activations) {
            Shelf shelf = shelf(a.dataType(), a.shape());
            shelf.activations++;
            shelf.live++;
        }
    }

    /** Releases one of the recorded activations: the call no longer holds it. */
    void releaseActivation(INDArray a) {
        activationDone(a);
        release(a);
    }

    /**
     * Stops counting one of the recorded activations as held, without releasing it: its memory holds something else
     * now, such as the relevance a rule wrote there, which is released in its turn.
     */
    void activationDone(INDArray a) {
        Shelf shelf = shelves.get(new Key(a.dataType(), a.shape()));
        // A view of a rule's may hand its output over in the middle of a step, and the engine then counts it out
        // again when the step ends.
        if (shelf != null && shelf.live > 0 && !a.isView() && !a.wasClosed() && !kept.contains(a) && done.add(a)) {
            shelf.live--;
        }
    }

    /**
     * Keeps an array nothing reads any more for a later {@link #take}, while its shape's kept arrays and held
     * activations are fewer than the activations of that shape; otherwise, or when it is a view, lives in a
     * workspace or is laid out otherwise than a fresh array, it is closed. Releasing an array twice keeps it once.
     */
    void release(INDArray a) {
        if (a == null || a.wasClosed() || kept.contains(a)) {
            return;
        }
        Key key = new Key(a.dataType(), a.shape());
        Shelf shelf = a.isView() || a.isAttached() || a.ordering() != 'c' ? null : shelves.get(key);
        Demand demand = backward ? wanted.get(key) : null;
        if (shelf == null || shelf.arrays.size() + shelf.live >= shelf.activations
                || demand != null && shelf.arrays.size() >= stillWanted(demand, shelf)) {
            if (a.closeable()) {
                a.close();
            }
            return;
        }
        kept.add(a);
        shelf.arrays.addLast(a);
    }

    /**
     * Closes the arrays of every shape the call just ended did not record as an activation, or stopped keeping
     * ({@link #keepOnly}), and learns for each of those how many arrays its backward pass asked for.
     */
    void endCall() {
        done.clear();
        for (Iterator<Map.Entry<Key, Shelf>> it = shelves.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Key, Shelf> e = it.next();
            Shelf shelf = e.getValue();
            if (shelf.activations == 0) {
                for (INDArray a : shelf.arrays) {
                    kept.remove(a);
                    a.close();
                }
                it.remove();
                if (backward) {
                    wanted.put(e.getKey(), new Demand(new TreeMap<>(shelf.asked)));
                }
            } else {
                // Kept for the next call's forward pass, which asks for all of them: never capped.
                wanted.remove(e.getKey());
            }
            shelf.live = 0;
        }
        backward = false;
        stage = Integer.MAX_VALUE;
    }

    /** What this stage and those below asked for in the last call, less what this stage has asked for already. */
    private int stillWanted(Demand demand, Shelf shelf) {
        return demand.atOrBelow(stage) - shelf.asked.getOrDefault(stage, 0);
    }

    /**
     * Reports the backward stage about to run, counted from the input, so that the pool learns which stages ask for
     * which shapes and, on the next call, keeps no array that only stages already passed asked for.
     */
    void backwardStage(int index) {
        stage = index;
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

    /**
     * Closes the kept arrays of every shape not among {@code needed}: during a backward pass, the shapes of the
     * layers still to come; and of a shape it learned the demand of, those beyond what the stages below the one just
     * run asked for in the last call. An array kept for the next call while the rest of this one cannot use it would
     * sit on top of the call's peak, which on the largest layers comes after most activations are freed.
     */
    void keepOnly(DataType type, Collection<long[]> needed) {
        Set<Key> keys = new HashSet<>();
        needed.forEach(shape -> keys.add(new Key(type, shape)));
        for (Map.Entry<Key, Shelf> e : shelves.entrySet()) {
            Shelf shelf = e.getValue();
            Demand demand = backward ? wanted.get(e.getKey()) : null;
            if (keys.contains(e.getKey()) && demand != null) {
                // The stages below asked for this many of the shape last time: more would wait on the shelf.
                int below = demand.atOrBelow(stage == Integer.MAX_VALUE ? stage : stage - 1);
                while (shelf.arrays.size() > below) {
                    INDArray a = shelf.arrays.pollFirst();
                    kept.remove(a);
                    a.close();
                }
            } else if (!keys.contains(e.getKey())) {
                shelf.arrays.forEach(a -> {
                    kept.remove(a);
                    a.close();
                });
                shelf.arrays.clear();
                // Nothing of this shape is kept from now on: no layer still to come asks for one.
                shelf.activations = 0;
            }
        }
    }

    /**
     * Closes every kept array and returns the bytes they held. What the last call asked for stays learned: it holds
     * no memory, and the next call, which starts with nothing kept, keeps no more than it needs from its first stage.
     */
    long clear() {
        long bytes = bytes();
        done.clear();
        for (Shelf shelf : shelves.values()) {
            shelf.arrays.forEach(INDArray::close);
        }
        shelves.clear();
        kept.clear();
        return bytes;
    }

    /** Closes every kept array and forgets what earlier calls asked for, as a new thread's pool has. */
    void reset() {
        clear();
        wanted.clear();
        lastLayout = List.of();
    }

    /** Bytes of the arrays kept now. */
    long bytes() {
        return kept.stream().mapToLong(a -> a.length() * a.dataType().width()).sum();
    }

    private static final class Shelf {
        final ArrayDeque<INDArray> arrays = new ArrayDeque<>();
        /** The activations of this shape the current (or last) call recorded. */
        int activations;
        /** Of those, the ones the call still holds. */
        int live;
        /**
         * Arrays of this shape asked for during the running backward pass, whether or not one was kept, by the stage
         * that asked ({@link Integer#MAX_VALUE} for requests made with no stage reported).
         */
        final NavigableMap<Integer, Integer> asked = new TreeMap<>();
    }

    /** What a backward pass asked for of one shape: how many arrays each stage asked for. */
    private record Demand(NavigableMap<Integer, Integer> perStage) {
        /** Arrays asked for at this stage and the stages below it. */
        int atOrBelow(int stage) {
            return perStage.headMap(stage, true).values().stream().mapToInt(Integer::intValue).sum();
        }
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

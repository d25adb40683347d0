package io.lrp4j.api;

import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Element-wise work on large arrays a piece at a time, so that the arrays the work makes on the way are a bounded
 * fraction of the arrays' size: each piece's are freed before the next piece starts. A rule whose quotient needs a
 * temporary of z's size (a sign, a second denominator) runs that part through here, and its step's peak holds a
 * sixteenth of the temporary instead of all of it.
 */
public final class Chunks {
    /** At least this many elements per piece, below which a piece's op calls would cost more than its memory saves. */
    static final long MIN_CHUNK = 1 << 16;
    /** At most this many pieces per array, so that a piece's temporaries are a bounded fraction of the whole. */
    static final long CHUNKS = 16;

    private Chunks() {
    }

    /** Element-wise work on aligned pieces of some arrays. */
    @FunctionalInterface
    public interface Body {
        /**
         * Works on one piece of each array, given in the order the arrays were passed. It runs outside every ND4J
         * workspace: the arrays it makes are its own, and it frees them (with {@code close()}) before it returns.
         */
        void run(INDArray[] pieces);
    }

    /**
     * Runs an element-wise body over aligned pieces of arrays of one length: writes into a piece go to the array.
     * When an array is not laid out contiguously in c order, or the arrays are small, the body runs once, on the
     * arrays themselves.
     *
     * @throws IllegalArgumentException when the arrays' lengths differ
     */
    @SuppressWarnings("try") // the scope only keeps the body's arrays out of the caller's workspace, which keeps them
    public static void elementWise(Body body, INDArray... arrays) {
        long n = arrays[0].length();
        boolean contiguous = true;
        for (INDArray a : arrays) {
            if (a.length() != n) {
                throw new IllegalArgumentException("element-wise pieces need arrays of one length, got " + n + " and "
                        + a.length());
            }
            contiguous &= a.ordering() == 'c' && a.elementWiseStride() == 1;
        }
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            if (!contiguous || n <= MIN_CHUNK) {
                body.run(arrays.clone());
                return;
            }
            // Flat views in c order, so that every piece is one contiguous stretch of each array.
            INDArray[] flat = new INDArray[arrays.length];
            for (int i = 0; i < arrays.length; i++) {
                flat[i] = arrays[i].reshape('c', new long[] {n});
            }
            long chunk = Math.max(MIN_CHUNK, (n + CHUNKS - 1) / CHUNKS);
            INDArray[] pieces = new INDArray[arrays.length];
            for (long start = 0; start < n; start += chunk) {
                long end = Math.min(n, start + chunk);
                for (int i = 0; i < flat.length; i++) {
                    pieces[i] = flat[i].get(NDArrayIndex.interval(start, end));
                }
                body.run(pieces);
            }
        }
    }

    /** Closes arrays the caller made and no longer reads; those that cannot be closed (views) are left alone. */
    public static void free(INDArray... arrays) {
        for (INDArray a : arrays) {
            if (a != null && !a.wasClosed() && a.closeable()) {
                a.close();
            }
        }
    }
}

package io.lrp4j.engine;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * ND4J's OpenMP threads for the calling thread only: OpenMP keeps the number of threads a parallel region uses per
 * calling thread, so each of {@link BlockExplainer}'s workers (and each Spark task) can run its block's operations on
 * one thread without changing what any other thread, the caller's included, gets.
 */
public final class OpenMpThreads {
    private OpenMpThreads() {
    }

    /** Parallel regions started from this thread use at most {@code n} OpenMP threads from now on. */
    public static void limitThisThread(int n) {
        // NativeOpsHolder reads the backend's settings, which only loading the backend provides: in a fresh JVM (a
        // Spark executor) it must come first.
        Nd4j.getBackend();
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(n);
    }
}

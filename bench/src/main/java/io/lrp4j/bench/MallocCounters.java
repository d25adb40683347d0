package io.lrp4j.bench;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;

/**
 * The counters of {@code malloc-peak.c} (bytes malloc'ed and not freed, and their high-water mark), when this JVM
 * runs with that library preloaded; {@link #find()} returns null otherwise.
 */
final class MallocCounters {
    private final LongPointer counters;

    private MallocCounters(LongPointer counters) {
        this.counters = counters;
    }

    /** The preloaded counters, or null when the library is not loaded. */
    static MallocCounters find() {
        Pointer p = Loader.addressof("lrp4j_malloc_counters");
        return p == null || p.isNull() ? null : new MallocCounters(new LongPointer(p).capacity(2));
    }

    /** Bytes malloc'ed and not yet freed. */
    long live() {
        return counters.get(0);
    }

    /** The most bytes live at once since the last {@link #resetPeak()}. */
    long peak() {
        return counters.get(1);
    }

    /** Starts a new high-water mark from what is live now, and returns that: one reading for both. */
    long resetPeak() {
        long live = live();
        counters.put(1, live);
        return live;
    }
}

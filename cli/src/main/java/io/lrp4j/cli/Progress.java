package io.lrp4j.cli;

import java.io.PrintWriter;

/**
 * A progress bar on stderr, drawn only when stderr is a terminal, so logs and pipes stay clean.
 */
public final class Progress {
    private final PrintWriter err;
    private final String label;
    private final long total;
    private final boolean visible;
    private final long start = System.nanoTime();
    private long done;
    private int lastPercent = -1;

    private Progress(PrintWriter err, String label, long total, boolean visible) {
        this.err = err;
        this.label = label;
        this.total = Math.max(total, 1);
        this.visible = visible;
    }

    /** A bar for {@code total} steps, visible only on a terminal. */
    public static Progress start(PrintWriter err, String label, long total) {
        return new Progress(err, label, total, System.console() != null);
    }

    /** Advances by {@code steps}. */
    public void advance(long steps) {
        done = Math.min(total, done + steps);
        int percent = (int) (100 * done / total);
        if (visible && percent != lastPercent) {
            lastPercent = percent;
            int filled = percent / 4;
            double seconds = (System.nanoTime() - start) / 1e9;
            err.printf("\r%s [%s%s] %3d%% %d/%d %.0fs %.0f/s", label, "#".repeat(filled), ".".repeat(25 - filled),
                    percent, done, total, seconds, done / Math.max(seconds, 1e-9));
            err.flush();
        }
    }

    /** Ends the bar's line. */
    public void finish() {
        if (visible) {
            err.println();
            err.flush();
        }
    }
}

package io.lrp4j.cli;

import io.lrp4j.engine.Explanation;
import io.lrp4j.engine.Method;
import io.lrp4j.engine.io.OutputFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What {@code lrp explain} explained, row by row: the target class, its pre-softmax score, the sum of the relevance
 * and what the stages absorbed (and of that, what recurrent layers gave their constant initial and masked states);
 * written as CSV to {@code --report} (when given) and summed up in a few lines on the
 * terminal. Blocks arrive in row order.
 */
final class ExplainReport implements AutoCloseable {
    static final String HEADER = "row,target,score,relevance_sum,absorbed,initial_state";

    private final Method method;
    private final OutputFile csv;
    private long rows;
    private double score;
    private double relevance;
    private double absorbed;
    private double worstResidual;
    /** Every row's target and score so far (the first {@code rows}), for the heatmaps' labels. */
    private long[] rowTargets = new long[64];
    private double[] rowScores = new double[64];

    /** @param csv where the per-row CSV goes, or null for the summary alone */
    ExplainReport(Method method, Path csv) {
        this.method = method;
        this.csv = csv == null ? null : OutputFile.create(csv);
        if (this.csv != null) {
            line(HEADER);
        }
    }

    /** Adds the rows of one explained block, which start at row {@code from}. */
    void add(long from, Explanation e) {
        double[] targets = e.targets().castTo(DataType.DOUBLE).toDoubleVector();
        double[] scores = e.targetScores().castTo(DataType.DOUBLE).toDoubleVector();
        double[] sums = e.relevanceSums().castTo(DataType.DOUBLE).toDoubleVector();
        double[] taken = absorbedOf(e);
        double[] initial = e.absorbedByInitialStates().castTo(DataType.DOUBLE).toDoubleVector();
        int had = Math.toIntExact(rows);
        if (had + scores.length > rowScores.length) {
            int capacity = Math.max(2 * rowScores.length, had + scores.length);
            rowTargets = Arrays.copyOf(rowTargets, capacity);
            rowScores = Arrays.copyOf(rowScores, capacity);
        }
        System.arraycopy(scores, 0, rowScores, had, scores.length);
        for (int i = 0; i < scores.length; i++) {
            rowTargets[had + i] = (long) targets[i];
            score += scores[i];
            relevance += sums[i];
            absorbed += taken[i];
            worstResidual = Math.max(worstResidual, Math.abs(scores[i] - sums[i] - taken[i]) / Math.max(
                    Math.abs(scores[i]), 1e-12));
            if (csv != null) {
                line(String.format(Locale.ROOT, "%d,%d,%.9g,%.9g,%s", from + i, (long) targets[i], scores[i], sums[i],
                        conserving() ? String.format(Locale.ROOT, "%.9g,%.9g", taken[i], initial[i]) : ","));
            }
        }
        rows += scores.length;
    }

    private double[] absorbedOf(Explanation e) {
        INDArray a = e.absorbed();
        return a.castTo(DataType.DOUBLE).toDoubleVector();
    }

    /** Whether relevance plus absorbed makes the score: LRP, which starts from the score. */
    private boolean conserving() {
        return method == Method.LRP;
    }

    private void line(String text) {
        try {
            csv.stream().write((text + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw csv.failure(e);
        }
    }

    /** The targets of rows {@code [from, from + n)}, which must have been added. */
    long[] targets(long from, int n) {
        return Arrays.copyOfRange(rowTargets, Math.toIntExact(from), Math.toIntExact(from + n));
    }

    /** The scores of rows {@code [from, from + n)}, which must have been added. */
    double[] scores(long from, int n) {
        return Arrays.copyOfRange(rowScores, Math.toIntExact(from), Math.toIntExact(from + n));
    }

    /** Prints the summary: signed means that add up, and the residual separately. */
    void summarize(PrintWriter out) {
        if (rows == 0) {
            return;
        }
        if (conserving()) {
            out.printf(Locale.ROOT, "mean over %d rows: score %.4g = relevance sum %.4g + absorbed %.4g"
                    + " (largest |score - relevance sum - absorbed| / |score| of a row: %.1e)%n", rows, score / rows,
                    relevance / rows, absorbed / rows, worstResidual);
        } else if (method == Method.INTEGRATED_GRADIENTS) {
            out.printf(Locale.ROOT, "mean over %d rows: score %.4g, relevance sum %.4g (integrated gradients sum to"
                    + " the score minus the baseline's score)%n", rows, score / rows, relevance / rows);
        } else if (method == Method.OCCLUSION) {
            out.printf(Locale.ROOT, "mean over %d rows: score %.4g, relevance sum %.4g (occlusion sums the score's"
                    + " drops over every window position, not the score)%n", rows, score / rows, relevance / rows);
        } else {
            out.printf(Locale.ROOT, "mean over %d rows: score %.4g, relevance sum %.4g (%s starts from 1, not from"
                    + " the score, so the two need not agree)%n", rows, score / rows, relevance / rows, method.label());
        }
        if (csv != null) {
            out.println("wrote " + csv.target() + ": target, score, relevance sum, absorbed and initial state for"
                    + " every row");
        }
    }

    /** Puts the CSV in place; call once every row is added. */
    void commit() {
        if (csv != null) {
            csv.commit();
        }
    }

    /** Leaves the CSV's target as it was unless committed. */
    @Override
    public void close() {
        if (csv != null) {
            csv.close();
        }
    }
}

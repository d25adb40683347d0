package io.lrp4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --method integrated-gradients}, {@code smoothgrad} and {@code occlusion}: their options, and the completeness
 * line.
 */
class AveragedGradientsCommandTest {
    @TempDir
    Path tmp;

    private String[] args(String... extra) throws Exception {
        Path dir = ReferenceParityTest.referenceDir().resolve("cnn");
        String[] base = {"explain", "--model", dir.resolve("model.zip").toString(), "--input",
            dir.resolve("input.npy").toString(), "--out", tmp.resolve("r.npy").toString()};
        String[] all = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return all;
    }

    @Test
    void integratedGradientsReportTheirCompleteness() throws Exception {
        CliRun ig = CliRun.of(args("--method", "integrated-gradients", "--steps", "64", "--internal-batch-size", "16"));
        assertEquals(0, ig.code(), ig.err());
        assertTrue(ig.out().contains("integrated gradients: sum of attributions against f(x) - f(baseline): largest"
                + " relative error of a row"), ig.out());
        CliRun sg = CliRun.of(args("--method", "smoothgrad", "--samples", "4", "--noise", "0.1", "--seed", "3"));
        assertEquals(0, sg.code(), sg.err());
    }

    @Test
    void occlusionRunsWithItsWindowAndSaysWhatItsSumIs() throws Exception {
        CliRun run = CliRun.of(args("--method", "occlusion", "--window", "3", "--stride", "2", "--baseline", "0.5",
                "--internal-batch-size", "10"));
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("occlusion sums the score's drops over every window position"), run.out());
    }

    @Test
    void theirOptionsWithAnotherMethodOrOutOfRangeGetOneLine() throws Exception {
        String[][] cases = {
            {"--method", "gradient", "--samples", "4", "--samples goes with --method smoothgrad"},
            {"--method", "smoothgrad", "--steps", "4", "--steps goes with --method integrated-gradients"},
            {"--method", "integrated-gradients", "--steps", "0", "integrated gradients need at least 1 step, got 0"},
            {"--method", "smoothgrad", "--noise", "-1", "SmoothGrad's noise must be a finite fraction of at least 0"},
            {"--method", "gradient", "--window", "4", "--window goes with --method occlusion"},
            {"--method", "smoothgrad", "--baseline", "1", "--baseline goes with --method integrated-gradients or occlusion"},
            {"--method", "occlusion", "--stride", "0", "occlusion needs a --window and a --stride of at least 1"}};
        for (String[] c : cases) {
            CliRun run = CliRun.of(args(c[0], c[1], c[2], c[3]));
            assertEquals(2, run.code(), run.err());
            assertEquals(1, run.err().strip().lines().count(), run.err());
            assertTrue(run.err().contains(c[4]), run.err());
        }
    }
}

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
            {"--method", "occlusion", "--stride", "0", "occlusion needs a --window and a --stride of at least 1"},
            {"--method", "gradient", "--squared", "--squared goes with --method smoothgrad"},
            {"--method", "integrated-gradients", "--quadrature", "simpson",
                "unknown quadrature 'simpson': riemann or gauss-legendre"},
            {"--method", "smoothgrad", "--quadrature", "riemann", "--quadrature goes with --method integrated-gradients"},
            {"--method", "occlusion", "--baseline", "b.npy", "a .npy baseline goes with --method integrated-gradients"}};
        for (String[] c : cases) {
            CliRun run = CliRun.of(args(java.util.Arrays.copyOf(c, c.length - 1)));
            assertEquals(2, run.code(), run.err());
            assertEquals(1, run.err().strip().lines().count(), run.err());
            assertTrue(run.err().contains(c[c.length - 1]), run.err());
        }
    }

    @Test
    void aBaselineFileIsOneRowForEveryRowAndAWrongShapeGetsOneLine() throws Exception {
        Path dir = ReferenceParityTest.referenceDir().resolve("cnn");
        org.nd4j.linalg.api.ndarray.INDArray x = io.lrp4j.engine.io.Npy.read(dir.resolve("input.npy"));
        long[] row = x.shape().clone();
        row[0] = 1;
        Path half = tmp.resolve("half.npy");
        io.lrp4j.engine.io.Npy.write(half, org.nd4j.linalg.factory.Nd4j.valueArrayOf(row, 0.5, x.dataType()));
        CliRun fromFile = CliRun.of(args("--method", "integrated-gradients", "--steps", "8", "--quadrature",
                "gauss-legendre", "--baseline", half.toString()));
        assertEquals(0, fromFile.code(), fromFile.err());
        org.nd4j.linalg.api.ndarray.INDArray viaFile = io.lrp4j.engine.io.Npy.read(tmp.resolve("r.npy"));
        CliRun fromValue = CliRun.of(args("--method", "integrated-gradients", "--steps", "8", "--quadrature",
                "gauss-legendre", "--baseline", "0.5"));
        assertEquals(0, fromValue.code(), fromValue.err());
        assertEquals(io.lrp4j.engine.io.Npy.read(tmp.resolve("r.npy")), viaFile, "a file of 0.5 is the value 0.5");
        assertTrue(viaFile.sub(x.mul(0)).amaxNumber().doubleValue() > 0, "the attributions are not all zero");

        Path wrong = tmp.resolve("wrong.npy");
        io.lrp4j.engine.io.Npy.write(wrong, org.nd4j.linalg.factory.Nd4j.zeros(x.dataType(), 3, 5));
        CliRun bad = CliRun.of(args("--method", "integrated-gradients", "--baseline", wrong.toString()));
        assertEquals(2, bad.code(), bad.err());
        assertEquals(1, bad.err().strip().lines().count(), bad.err());
        assertTrue(bad.err().contains("the baseline's shape [3, 5] fits neither one row of the input"), bad.err());
    }
}

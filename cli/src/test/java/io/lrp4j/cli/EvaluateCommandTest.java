package io.lrp4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./lrp evaluate}: the table, the raw curves and the plot, and one line for bad input. */
class EvaluateCommandTest {
    @TempDir
    Path tmp;

    private String[] args(String... extra) throws Exception {
        Path dir = ReferenceParityTest.referenceDir().resolve("cnn");
        String[] base = {"evaluate", "--model", dir.resolve("model.zip").toString(), "--input",
            dir.resolve("input.npy").toString(), "--out", tmp.resolve("eval").toString()};
        String[] all = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return all;
    }

    @Test
    void everyMethodAndTheRandomBaselineGetCurvesAndAnAopc() throws Exception {
        CliRun run = CliRun.of(args("--method", "epsilon-plus", "--method", "lrp:conv=z+;dense=epsilon",
                "--method", "gradient", "--region", "1", "--steps", "4", "--replace", "zero", "--seeds", "1"));
        assertEquals(0, run.code(), run.err());
        List<String> table = Files.readAllLines(tmp.resolve("eval/aopc.csv"));
        assertEquals("method,aopc_morf,aopc_morf_se,aopc_lerf,aopc_lerf_se", table.get(0));
        assertEquals(5, table.size(), "three methods and random: " + table);
        assertTrue(table.get(2).startsWith("lrp:conv=z+;dense=epsilon,") && table.get(4).startsWith("random,"),
                table.toString());
        List<String> curves = Files.readAllLines(tmp.resolve("eval/curves.csv"));
        assertEquals("method,order,step,mean_score", curves.get(0));
        assertEquals(1 + 4 * 2 * 5, curves.size(), "four curves of five points each way");
        BufferedImage plot = javax.imageio.ImageIO.read(tmp.resolve("eval/curves.png").toFile());
        assertTrue(plot.getWidth() > 800 && plot.getHeight() > 300, plot.getWidth() + "x" + plot.getHeight());
        assertTrue(run.out().contains("AOPC MoRF"), run.out());
    }

    @Test
    void badSettingsGetOneLineAndExitTwo() throws Exception {
        String[][] cases = {
            {"--region", "99", "--region 99 is larger than the image's height 16"},
            {"--region", "3", "--region 3 does not tile the image's height 16: choose a divisor"},
            {"--steps", "0", "--steps must be at least 1, got 0"},
            {"--replace", "blur", "unknown replacement 'blur'; replacements: uniform, zero, mean"},
            {"--steps", "9999", "--steps 9999 is more than the 64 regions to perturb"},
            {"--seeds", "0", "--seeds must be at least 1, got 0"},
            {"--method", "epsilon-pluss", "unknown method 'epsilon-pluss': give a composite"}};
        for (String[] bad : cases) {
            CliRun run = CliRun.of(args("--method", "epsilon", bad[0], bad[1]));
            assertEquals(2, run.code(), bad[0] + " " + bad[1] + ": " + run.err());
            assertEquals(1, run.err().strip().lines().count(), run.err());
            assertTrue(run.err().contains(bad[2]), run.err());
        }
    }
}

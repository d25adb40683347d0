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

    /** The shipped text model and its first {@code n} test documents (ids and labels) in {@code tmp}. */
    private String[] text(int n, String... extra) throws Exception {
        Path model = tmp.resolve("text.zip");
        org.deeplearning4j.util.ModelSerializer.writeModel(io.lrp4j.cli.demo.TextModel.model(), model.toFile(), false);
        org.nd4j.linalg.indexing.INDArrayIndex first = org.nd4j.linalg.indexing.NDArrayIndex.interval(0, n);
        io.lrp4j.engine.io.Npy.write(tmp.resolve("ids.npy"), io.lrp4j.cli.demo.TextModel.testIds().get(first,
                org.nd4j.linalg.indexing.NDArrayIndex.all()).castTo(org.nd4j.linalg.api.buffer.DataType.INT32));
        io.lrp4j.engine.io.Npy.write(tmp.resolve("labels.npy"), io.lrp4j.cli.demo.TextModel.testLabels().get(first)
                .castTo(org.nd4j.linalg.api.buffer.DataType.INT32));
        String[] base = {"evaluate", "--model", model.toString(), "--input", tmp.resolve("ids.npy").toString(),
            "--out", tmp.resolve("text").toString()};
        String[] all = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return all;
    }

    @Test
    void aTextModelGetsWordDeletionAndTheExplanatoryPowerIndex() throws Exception {
        CliRun run = CliRun.of(text(60, "--method", "epsilon(epsilon=0.001)", "--method", "gradient", "--labels",
                tmp.resolve("labels.npy").toString(), "--steps", "40", "--seeds", "2"));
        assertEquals(0, run.code(), run.err());
        List<String> aopc = Files.readAllLines(tmp.resolve("text/aopc.csv"));
        assertEquals(4, aopc.size(), "two methods and random: " + aopc);
        List<String> epi = Files.readAllLines(tmp.resolve("text/epi.csv"));
        assertEquals("method,epi,epi_se,best_k", epi.get(0));
        assertEquals(List.of("epsilon(epsilon=0.001)", "gradient", "uniform", "random"), epi.subList(1, 5).stream()
                .map(l -> l.split(",")[0]).toList());
        for (String row : epi.subList(1, 5)) {
            double value = Double.parseDouble(row.split(",")[1]);
            assertTrue(value >= 0 && value <= 1, row);
        }
        // After 40 steps every word of every document is deleted, whatever the order: all curves meet at the score
        // of padding alone, and they all start at the documents' own scores.
        List<String> curves = Files.readAllLines(tmp.resolve("text/curves.csv"));
        java.util.Set<String> starts = new java.util.HashSet<>();
        java.util.Set<String> ends = new java.util.HashSet<>();
        for (String line : curves.subList(1, curves.size())) {
            String[] f = line.split(",");
            String step = f[f.length - 2];
            if (step.equals("0")) {
                starts.add(f[f.length - 1]);
            } else if (step.equals("40")) {
                ends.add(f[f.length - 1]);
            }
        }
        assertEquals(1, starts.size(), starts.toString());
        assertEquals(1, ends.size(), ends.toString());
        assertTrue(!starts.equals(ends), "deleting the words changes the score");
        assertTrue(Files.size(tmp.resolve("text/epi.png")) > 1000 && Files.size(tmp.resolve("text/curves.png")) > 1000);
        assertTrue(run.out().contains("Explanatory power index"), run.out());
    }

    @Test
    void badTextSettingsGetOneLineAndExitTwo() throws Exception {
        String[][] cases = {
            {"--replace", "zero", "--replace is for images and sequences"},
            {"--region", "2", "--region 2 does not apply to text: a step deletes one word"},
            {"--pad-id", "5000", "--pad-id 5000 is not in the vocabulary of 3000 tokens"},
            {"--steps", "41", "--steps 41 is more than the 40 regions to perturb"}};
        for (String[] bad : cases) {
            CliRun run = CliRun.of(text(4, "--method", "epsilon", bad[0], bad[1]));
            assertEquals(2, run.code(), bad[0] + " " + bad[1] + ": " + run.err());
            assertEquals(1, run.err().strip().lines().count(), run.err());
            assertTrue(run.err().contains(bad[2]), run.err());
        }
        CliRun labels = CliRun.of(args("--method", "epsilon", "--labels", "y.npy"));
        assertEquals(2, labels.code(), labels.err());
        assertTrue(labels.err().contains("--labels is for text models"), labels.err());
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

package io.lrp4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lrp4j.engine.Explainer;
import io.lrp4j.engine.Explanation;
import io.lrp4j.engine.Target;
import io.lrp4j.engine.io.ModelFiles;
import io.lrp4j.engine.io.Npy;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** {@code ./lrp summarize}: the class means against ones worked out row by row, the picture, and bad input. */
class SummarizeCommandTest {
    @TempDir
    Path tmp;

    @Test
    void eachClassGetsTheMeanOfItsRowsRelevanceAndOfItsAbsoluteValue() throws Exception {
        Path dir = ReferenceParityTest.referenceDir().resolve("cnn");
        Path model = dir.resolve("model.zip");
        Path input = dir.resolve("input.npy");
        // Blocks of 3 over the fixture's rows: the means gather across blocks.
        CliRun run = CliRun.of("summarize", "--model", model.toString(), "--input", input.toString(), "--method",
                "epsilon-plus", "--batch-size", "3", "--out", tmp.resolve("s").toString());
        assertEquals(0, run.code(), run.err());
        INDArray x = Npy.read(input);
        Explanation e = Explainer.forModel(ModelFiles.loadAny(model)).composite("epsilon-plus").build()
                .explain(x, Target.argmax());
        INDArray means = Npy.read(tmp.resolve("s/class-means.npy"));
        INDArray absolute = Npy.read(tmp.resolve("s/class-mean-abs.npy"));
        long[] targets = e.targets().toLongVector();
        int seen = 0;
        for (int c = 0; c < means.size(0); c++) {
            // By hand: the rows explained for class c, summed one by one.
            INDArray sum = Nd4j.zeros(DataType.DOUBLE, e.relevance().slice(0).shape());
            INDArray sumAbs = sum.dup();
            int n = 0;
            for (int r = 0; r < targets.length; r++) {
                if (targets[r] == c) {
                    INDArray row = e.relevance().slice(r).castTo(DataType.DOUBLE);
                    sum.addi(row);
                    sumAbs.addi(Transforms.abs(row));
                    n++;
                }
            }
            seen += n;
            if (n > 0) {
                assertTrue(sum.divi(n).equalsWithEps(means.slice(c).castTo(DataType.DOUBLE), 1e-5), "class " + c);
                assertTrue(sumAbs.divi(n).equalsWithEps(absolute.slice(c).castTo(DataType.DOUBLE), 1e-5));
                assertTrue(run.out().contains(String.format("%-24s %8d", "class " + c, n)), run.out());
            } else {
                assertEquals(0.0, means.slice(c).amaxNumber().doubleValue(), "no rows, no relevance");
            }
        }
        assertEquals(targets.length, seen);
        assertTrue(Files.size(tmp.resolve("s/class-means.png")) > 500);
    }

    /**
     * The shipped CNN on the 300 shipped test images: every class with more than 20 rows gets its groups, and their
     * sizes add up to its rows (at most --per-class); the picture of each is written.
     */
    @Test
    void eachClassWithEnoughRowsGetsItsGroupsAndTheirPicture() throws Exception {
        Path model = tmp.resolve("cnn.zip");
        org.deeplearning4j.util.ModelSerializer.writeModel(io.lrp4j.cli.demo.ShippedDemo.model(), model.toFile(), false);
        Path input = tmp.resolve("x.npy");
        Npy.write(input, io.lrp4j.cli.demo.ShippedDemo.testSubset().images());
        CliRun run = CliRun.of("summarize", "--model", model.toString(), "--input", input.toString(), "--per-class",
                "25", "--out", tmp.resolve("s").toString());
        assertEquals(0, run.code(), run.err());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("class (\\d+) +(\\d+) groups?: \\[([0-9, ]+)\\]")
                .matcher(run.out());
        int classes = 0;
        while (m.find()) {
            long total = java.util.Arrays.stream(m.group(3).split(", ")).mapToLong(Long::parseLong).sum();
            assertEquals(25, total, m.group());
            assertEquals(Integer.parseInt(m.group(2)), m.group(3).split(", ").length, m.group());
            assertTrue(Files.size(tmp.resolve("s/clusters-" + m.group(1) + ".png")) > 500);
            classes++;
        }
        assertTrue(classes >= 5, "classes of more than 20 of the 300 rows: " + run.out());
    }

    @Test
    void badInputGetsOneLine() throws Exception {
        Path dir = ReferenceParityTest.referenceDir().resolve("cnn");
        Path labels = Files.writeString(tmp.resolve("labels.txt"), "one\ntwo\n");
        String[][] cases = {{"--labels", labels.toString(), "names 2 classes, the model has"},
            {"--method", "epsilon-pluss", "unknown method 'epsilon-pluss'"},
            {"--input", tmp.resolve("none.npy").toString(), "none.npy"}};
        for (String[] c : cases) {
            java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("summarize", "--model",
                    dir.resolve("model.zip").toString(), "--out", tmp.resolve("s").toString()));
            if (!c[0].equals("--input")) {
                args.addAll(java.util.List.of("--input", dir.resolve("input.npy").toString()));
            }
            args.add(c[0]);
            args.add(c[1]);
            CliRun run = CliRun.of(args.toArray(String[]::new));
            assertEquals(2, run.code(), run.err());
            assertEquals(1, run.err().strip().lines().count(), run.err());
            assertTrue(run.err().contains(c[2]), run.err());
        }
    }
}

package io.lrp4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lrp prototype}: its files, its per-step lines, and one line for bad input. */
class PrototypeCommandTest {
    @TempDir
    Path tmp;

    private String[] args(String... extra) throws Exception {
        Path dir = ReferenceParityTest.referenceDir().resolve("cnn");
        String[] base = {"prototype", "--model", dir.resolve("model.zip").toString(), "--input",
            dir.resolve("input.npy").toString(), "--out", tmp.resolve("out").toString()};
        String[] all = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return all;
    }

    @Test
    void writesOnePrototypePerClassAndPrintsEachStep() throws Exception {
        CliRun run = CliRun.of(args("--steps", "5"));
        assertEquals(0, run.code(), run.err());
        assertEquals(5, run.out().lines().filter(l -> l.startsWith("step ")).count(), run.out());
        org.nd4j.linalg.api.ndarray.INDArray p = io.lrp4j.engine.io.Npy.read(tmp.resolve("out/prototypes.npy"));
        org.nd4j.linalg.api.ndarray.INDArray x = io.lrp4j.engine.io.Npy.read(
                ReferenceParityTest.referenceDir().resolve("cnn/input.npy"));
        assertEquals(x.size(1), p.size(1));
        assertTrue(Files.size(tmp.resolve("out/prototypes.png")) > 0);
    }

    @Test
    void theClassMeanPriorNeedsARowOfEveryClass() throws Exception {
        // The fixture's few rows are not predicted as every class of its model: one line, naming the class.
        CliRun run = CliRun.of(args("--prior", "class-mean", "--steps", "2"));
        assertEquals(2, run.code(), run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertTrue(run.err().contains("no row of the data is predicted as class"), run.err());
    }

    @Test
    void badInputGetsOneLine() throws Exception {
        Path labels = Files.writeString(tmp.resolve("labels.txt"), "one\ntwo\n");
        String[][] cases = {{"--steps", "0", "--steps must be at least 1, got 0"},
            {"--objective", "entropy", "unknown objective 'entropy': log-probability or score"},
            {"--labels", labels.toString(), "names 2 classes, the model has"},
            {"--prior", "gaussian", "unknown prior 'gaussian': mean or class-mean"}};
        for (String[] c : cases) {
            CliRun run = CliRun.of(args(c[0], c[1]));
            assertEquals(2, run.code(), run.err());
            assertEquals(1, run.err().strip().lines().count(), run.err());
            assertTrue(run.err().contains(c[2]), run.err());
        }
    }
}

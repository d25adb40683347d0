package io.lrp4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lrp4j.engine.Explainer;
import io.lrp4j.engine.Target;
import io.lrp4j.engine.io.ModelFiles;
import io.lrp4j.engine.io.Npy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** {@code --mask}: variable-length sequences explained as DL4J computes them, in one call or streamed. */
class MaskOptionTest {
    @TempDir
    Path tmp;

    /** Rows of the rnn fixture (6 rows, 6 steps) with lengths 6, 5, 4, 3, 2, 1: padded at the end. */
    private Path mask() throws Exception {
        INDArray m = Nd4j.zeros(DataType.FLOAT, 6, 6);
        for (int row = 0; row < 6; row++) {
            m.get(org.nd4j.linalg.indexing.NDArrayIndex.point(row),
                    org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 6 - row)).assign(1);
        }
        Path file = tmp.resolve("mask.npy");
        Npy.write(file, m);
        return file;
    }

    @Test
    void maskedStepsGetNothingInOneCallAndStreamed() throws Exception {
        Path dir = ReferenceParityTest.referenceDir().resolve("rnn");
        Path mask = mask();
        Path report = tmp.resolve("report.csv");
        CliRun whole = CliRun.of("explain", "--model", dir.resolve("model.zip").toString(), "--input",
                dir.resolve("input.npy").toString(), "--mask", mask.toString(), "--out", tmp.resolve("r.npy").toString(),
                "--rule", "flat", "--report", report.toString());
        assertEquals(0, whole.code(), whole.err());
        INDArray r = Npy.read(tmp.resolve("r.npy"));
        INDArray m = Npy.read(mask);
        assertEquals(0.0, r.mul(m.rsub(1.0).reshape(6, 1, 6)).amaxNumber().doubleValue(), "masked steps: nothing");
        INDArray expected = Explainer.forModel(ModelFiles.load(dir.resolve("model.zip"))).rule("flat").build()
                .explain(Npy.read(dir.resolve("input.npy")), m, Target.argmax(), false).relevance();
        assertEquals(0.0, expected.sub(r).amaxNumber().doubleValue(), "what the Java API gives");
        List<String> lines = Files.readAllLines(report);
        assertEquals("row,target,score,relevance_sum,absorbed,initial_state", lines.get(0));
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            assertTrue(Math.abs(Double.parseDouble(f[5])) > 0, "flat gives the initial state some: " + line);
        }
        CliRun streamed = CliRun.of("explain", "--model", dir.resolve("model.zip").toString(), "--input",
                dir.resolve("input.npy").toString(), "--mask", mask.toString(), "--out",
                tmp.resolve("s.npy").toString(), "--rule", "flat", "--batch-size", "4", "--threads", "2");
        assertEquals(0, streamed.code(), streamed.err());
        // Blocks of another size round differently (BLAS kernels lay out products by their shape; README,
        // Reproducibility): the same values to float32 rounding, and the same bits whatever --threads is.
        INDArray s = Npy.read(tmp.resolve("s.npy"));
        assertTrue(s.sub(r).amaxNumber().doubleValue() <= 1e-6 * r.amaxNumber().doubleValue(),
                "blocks of 4 rows give what one call gives");
        assertEquals(0.0, s.mul(m.rsub(1.0).reshape(6, 1, 6)).amaxNumber().doubleValue(), "streamed: masked steps");
        CliRun oneThread = CliRun.of("explain", "--model", dir.resolve("model.zip").toString(), "--input",
                dir.resolve("input.npy").toString(), "--mask", mask.toString(), "--out",
                tmp.resolve("s1.npy").toString(), "--rule", "flat", "--batch-size", "4", "--threads", "1");
        assertEquals(0, oneThread.code(), oneThread.err());
        assertEquals(-1, Files.mismatch(tmp.resolve("s1.npy"), tmp.resolve("s.npy")),
                "blocks of 4 rows write the same bytes on one thread and on two");
    }

    @Test
    void aBadMaskGetsOneLineAndExitTwo() throws Exception {
        Path dir = ReferenceParityTest.referenceDir().resolve("rnn");
        Path half = tmp.resolve("half.npy");
        Npy.write(half, Nd4j.ones(DataType.FLOAT, 6, 6).muli(0.5));
        Path short4 = tmp.resolve("short.npy");
        Npy.write(short4, Nd4j.ones(DataType.FLOAT, 6, 4));
        Path rows = tmp.resolve("rows.npy");
        Npy.write(rows, Nd4j.ones(DataType.FLOAT, 5, 6));
        Path corrupt = Files.write(tmp.resolve("corrupt.npy"), new byte[] {1, 2, 3});
        for (Path bad : new Path[] {half, short4, rows, corrupt}) {
            for (String[] extra : new String[][] {{}, {"--batch-size", "2"}}) {
                String[] args = concat(new String[] {"explain", "--model", dir.resolve("model.zip").toString(),
                    "--input", dir.resolve("input.npy").toString(), "--mask", bad.toString(), "--out",
                    tmp.resolve("bad.npy").toString(), "--rule", "epsilon"}, extra);
                CliRun refused = CliRun.of(args);
                assertEquals(2, refused.code(), bad + " " + refused.err());
                assertEquals(1, refused.err().strip().lines().count(), refused.err());
                assertTrue(!Files.exists(tmp.resolve("bad.npy")), "nothing written");
            }
        }
        String wrongSteps = CliRun.of("explain", "--model", dir.resolve("model.zip").toString(), "--input",
                dir.resolve("input.npy").toString(), "--mask", short4.toString(), "--out",
                tmp.resolve("bad.npy").toString(), "--rule", "epsilon").err();
        assertTrue(wrongSteps.contains("the feature mask does not fit"), wrongSteps);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}

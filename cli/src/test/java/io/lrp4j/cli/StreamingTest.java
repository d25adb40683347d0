package io.lrp4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --batch-size} streams the input in blocks of rows and must write exactly what the in-memory path writes. */
class StreamingTest {
    @TempDir
    Path tmp;

    int run(String model, Path out, String... extra) throws Exception {
        Path dir = ReferenceParityTest.referenceDir().resolve(model);
        List<String> args = new ArrayList<>(List.of("explain", "--model", dir.resolve("model.zip").toString(),
                "--input", dir.resolve("input.npy").toString(), "--out", out.toString()));
        args.addAll(List.of(extra));
        StringWriter err = new StringWriter();
        int code = Main.run(args.toArray(String[]::new), new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertEquals(0, code, err.toString());
        return code;
    }

    /**
     * The in-memory path with the same blocks: the whole file read at once, each block explained through the Java
     * API, the blocks joined and written at once. (Different block sizes round differently inside BLAS, so bytes
     * can only match for the same blocks; that a batch equals its rows to 1e-5 is tested in the engine.)
     */
    static byte[] inMemory(String model, int block, String... rules) throws Exception {
        Path dir = ReferenceParityTest.referenceDir().resolve(model);
        io.lrp4j.engine.Explainer.Builder b = io.lrp4j.engine.Explainer.forModel(
                io.lrp4j.engine.io.ModelFiles.load(dir.resolve("model.zip")));
        for (String r : rules) {
            b.rule(r);
        }
        io.lrp4j.engine.Explainer explainer = b.build();
        org.nd4j.linalg.api.ndarray.INDArray x = io.lrp4j.engine.io.Npy.read(dir.resolve("input.npy"));
        List<org.nd4j.linalg.api.ndarray.INDArray> parts = new ArrayList<>();
        for (long from = 0; from < x.size(0); from += block) {
            long to = Math.min(x.size(0), from + block);
            parts.add(explainer.explain(x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(from, to))).relevance());
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        io.lrp4j.engine.io.Npy.write(bytes, org.nd4j.linalg.factory.Nd4j.concat(0,
                parts.toArray(org.nd4j.linalg.api.ndarray.INDArray[]::new)));
        return bytes.toByteArray();
    }

    @Test
    void streamingWritesTheSameBytesAsTheInMemoryPath() throws Exception {
        for (String model : List.of("cnn", "cnnbn", "mlp")) {
            Path whole = tmp.resolve(model + "-whole.npy");
            run(model, whole, "--rule", "conv=z+", "--rule", "dense=epsilon(epsilon=0.1)");
            for (int block : new int[] {1, 3, 1000}) {
                Path streamed = tmp.resolve(model + "-streamed-" + block + ".npy");
                run(model, streamed, "--rule", "conv=z+", "--rule", "dense=epsilon(epsilon=0.1)", "--batch-size",
                        String.valueOf(block));
                byte[] expected = inMemory(model, block, "conv=z+", "dense=epsilon(epsilon=0.1)");
                assertArrayEquals(expected, Files.readAllBytes(streamed), model + " in blocks of " + block);
                Path parallel = tmp.resolve(model + "-parallel-" + block + ".npy");
                run(model, parallel, "--rule", "conv=z+", "--rule", "dense=epsilon(epsilon=0.1)", "--batch-size",
                        String.valueOf(block), "--threads", "2");
                assertArrayEquals(expected, Files.readAllBytes(parallel), model + " in blocks of " + block
                        + " on two threads, written in order");
                if (block == 1000) {
                    assertArrayEquals(Files.readAllBytes(whole), Files.readAllBytes(streamed),
                            model + ": one block is the whole file");
                }
            }
        }
    }

    @Test
    void streamingRefusesBadBatchSizesAndFortranFiles() throws Exception {
        Path dir = ReferenceParityTest.referenceDir().resolve("cnn");
        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {"explain", "--model", dir.resolve("model.zip").toString(), "--input",
                dir.resolve("input.npy").toString(), "--out", tmp.resolve("r.npy").toString(), "--rule", "z+",
                "--batch-size", "0"}, new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertEquals(2, code);
        assertTrue(err.toString().contains("--batch-size must be at least 1"), err.toString());
        StringWriter threads = new StringWriter();
        assertEquals(2, Main.run(new String[] {"explain", "--model", dir.resolve("model.zip").toString(), "--input",
                dir.resolve("input.npy").toString(), "--out", tmp.resolve("r.npy").toString(), "--rule", "z+",
                "--threads", "2"}, new PrintWriter(new StringWriter()), new PrintWriter(threads)));
        assertTrue(threads.toString().contains("more than 1 only with --batch-size"), threads.toString());
    }

    /**
     * The issue that found it: on the demo CNN at --batch-size 64, a block explained second on its thread differed
     * from the same block explained first, so --threads 1, 2 and 3 wrote three different files.
     */
    @Test
    void theDemoCnnWritesTheSameBytesWhateverTheThreads() throws Exception {
        Path model = tmp.resolve("cnn.zip");
        org.deeplearning4j.util.ModelSerializer.writeModel(io.lrp4j.cli.demo.ShippedDemo.model(), model.toFile(),
                false);
        Path input = tmp.resolve("x.npy");
        io.lrp4j.engine.io.Npy.write(input, io.lrp4j.cli.demo.ShippedDemo.testSubset().images().get(
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 200)));
        byte[] first = null;
        for (String threads : new String[] {"1", "2", "3"}) {
            Path out = tmp.resolve("r" + threads + ".npy");
            StringWriter err = new StringWriter();
            assertEquals(0, Main.run(new String[] {"explain", "--model", model.toString(), "--input", input.toString(),
                "--out", out.toString(), "--composite", "epsilon-plus", "--batch-size", "64", "--threads", threads},
                new PrintWriter(new StringWriter()), new PrintWriter(err)), err.toString());
            byte[] bytes = Files.readAllBytes(out);
            if (first == null) {
                first = bytes;
            } else {
                assertArrayEquals(first, bytes, "--threads " + threads + " against --threads 1");
            }
        }
    }
}

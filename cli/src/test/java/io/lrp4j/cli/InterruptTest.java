package io.lrp4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lrp4j.engine.io.Npy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A run stopped by SIGTERM (as Ctrl-C or a scheduler stops it) leaves the user's files as they were. */
class InterruptTest {
    @TempDir
    Path tmp;

    @Test
    void sigtermMidWriteLeavesThePreviousOutputAndSaysSo() throws Exception {
        Path dir = ReferenceParityTest.referenceDir().resolve("cnn");
        INDArray one = Npy.read(dir.resolve("input.npy"));
        INDArray many = org.nd4j.linalg.factory.Nd4j.concat(0, java.util.Collections.nCopies(5000, one)
                .toArray(INDArray[]::new));
        Path input = tmp.resolve("x.npy");
        Npy.write(input, many);
        Path out = Files.writeString(tmp.resolve("r.npy"), "the previous result");
        // Process.destroy closes the pipes, so what the process says on its way out goes to a file.
        Path errors = Files.createTempFile("lrp-interrupt", ".txt");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "explain", "--model",
                dir.resolve("model.zip").toString(), "--input", input.toString(), "--out", out.toString(), "--rule",
                "z+", "--batch-size", "1", "--threads", "1").redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(errors.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (partials().isEmpty() && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(p.isAlive(), "still explaining when stopped");
        assertEquals(1, partials().size(), "the output is being written beside the target");
        p.destroy();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String err = Files.readString(errors);
        Files.delete(errors);
        assertTrue(err.contains("lrp: interrupted; not written, left as they were: " + out), err);
        assertEquals("the previous result", Files.readString(out));
        assertEquals(List.of(), partials(), "no partial file is left");
    }

    private List<Path> partials() throws Exception {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.filter(f -> f.getFileName().toString().endsWith(".partial")).toList();
        }
    }
}

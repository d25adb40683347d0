package io.lrp4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lrp4j.engine.io.Npy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** Sequences that do not fit a recurrent model, and a time step out of range: one line and exit 2. */
class RecurrentInputTest {
    @TempDir
    Path tmp;

    private String refused(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        assertEquals(2, code, err.toString());
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
        assertTrue(!Files.exists(tmp.resolve("r.npy")), "nothing written");
        return err.toString();
    }

    @Test
    void aSequenceWithOtherFeaturesOrAStepOutOfRangeIsRefused() throws Exception {
        Path dir = ReferenceParityTest.referenceDir().resolve("rnn");
        String model = dir.resolve("model.zip").toString();
        Path wide = tmp.resolve("wide.npy");
        Npy.write(wide, Nd4j.ones(DataType.FLOAT, 2, 5, 6));
        String features = refused("explain", "--model", model, "--input", wide.toString(), "--out",
                tmp.resolve("r.npy").toString(), "--rule", "epsilon");
        assertTrue(features.contains("the input does not fit the model") && features.contains("expects [batch, 4, time]")
                && features.contains("got shape [2, 5, 6]"), features);
        Path flat = tmp.resolve("flat.npy");
        Npy.write(flat, Nd4j.ones(DataType.FLOAT, 2, 4));
        String rank = refused("explain", "--model", model, "--input", flat.toString(), "--out",
                tmp.resolve("r.npy").toString(), "--rule", "epsilon");
        assertTrue(rank.contains("the input does not fit the model"), rank);
        String step = refused("explain", "--model", model, "--input", dir.resolve("input.npy").toString(), "--out",
                tmp.resolve("r.npy").toString(), "--rule", "epsilon", "--time-step", "3");
        assertEquals("lrp: --time-step goes with a model whose output is a sequence (an RnnOutputLayer); this"
                + " model's output has no time steps", step.strip());
    }
}

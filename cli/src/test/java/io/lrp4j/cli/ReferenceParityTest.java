package io.lrp4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lrp4j.engine.io.Npy;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * The acceptance oracle: every config of the peer's reference fixtures, run through the command line's own
 * argument parsing and the engine, must match the peer's relevance to {@code 1e-4 * max|R_ref|}.
 */
class ReferenceParityTest {
    static final double TOLERANCE = 1e-4;
    static final List<String> MODELS = List.of("mlp", "cnn", "cnnbn", "resnet", "concat", "rnn", "rnn2", "lstm");

    @TempDir
    Path tmp;

    @TestFactory
    Stream<DynamicTest> everyReferenceConfigMatchesThePeer() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        int count = 0;
        for (String model : MODELS) {
            Path dir = referenceDir().resolve(model);
            JsonNode configs = new ObjectMapper().readTree(dir.resolve("configs.json").toFile()).get("configs");
            for (JsonNode config : configs) {
                count++;
                String name = config.get("name").asText();
                List<String> args = new ArrayList<>();
                config.get("args").forEach(a -> args.add(a.asText()));
                tests.add(DynamicTest.dynamicTest(model + "/" + name + " " + args, () -> check(dir, name, args)));
            }
        }
        assertEquals(100, count, "the reference holds 100 configs over 8 models");
        return tests.stream();
    }

    private void check(Path dir, String name, List<String> configArgs) throws IOException {
        Path out = tmp.resolve(dir.getFileName() + "-" + name + ".npy");
        List<String> args = new ArrayList<>(List.of("explain", "--model", dir.resolve("model.zip").toString(),
                "--input", dir.resolve("input.npy").toString(), "--out", out.toString()));
        args.addAll(configArgs);
        StringWriter err = new StringWriter();
        int code = Main.run(args.toArray(String[]::new), new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertEquals(0, code, "exit code; stderr: " + err);
        INDArray actual = Npy.read(out).castTo(DataType.DOUBLE);
        INDArray expected = Npy.read(dir.resolve("expected").resolve(name + ".npy"));
        assertEquals(java.util.Arrays.toString(expected.shape()), java.util.Arrays.toString(actual.shape()));
        double scale = Transforms.abs(expected).maxNumber().doubleValue();
        double error = Transforms.abs(actual.sub(expected)).maxNumber().doubleValue();
        assertTrue(scale > 0, "the reference map is not all zero");
        assertTrue(error <= TOLERANCE * scale,
                String.format("%s/%s %s: max|R - R_ref| = %.3e > %.0e * max|R_ref| = %.3e", dir.getFileName(), name,
                        configArgs, error, TOLERANCE, TOLERANCE * scale));
    }

    static Path referenceDir() throws URISyntaxException {
        return Path.of(ReferenceParityTest.class.getResource("/reference").toURI());
    }
}

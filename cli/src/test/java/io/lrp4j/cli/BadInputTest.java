package io.lrp4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lrp4j.engine.io.Npy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every kind of bad input gets one line on stderr, a useful hint, exit code 2 and no stack trace; and the user's
 * files are left as they were.
 */
class BadInputTest {
    @TempDir
    Path tmp;

    record Result(int code, String out, String err) {
    }

    static Path cnn() throws Exception {
        return ReferenceParityTest.referenceDir().resolve("cnn");
    }

    Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    Result explain(String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("explain", "--model", cnn().resolve("model.zip").toString(),
                "--input", cnn().resolve("input.npy").toString(), "--out", tmp.resolve("r.npy").toString()));
        args.addAll(List.of(extra));
        return run(args.toArray(String[]::new));
    }

    static void assertOneLineError(Result r, String... fragments) {
        assertEquals(2, r.code(), "exit code; stderr: " + r.err());
        String err = r.err().strip();
        assertFalse(err.contains("\n"), "one line only: " + err);
        assertFalse(err.contains("\tat "), "no stack trace: " + err);
        assertTrue(err.startsWith("lrp: "), err);
        for (String f : fragments) {
            assertTrue(err.contains(f), "'" + f + "' in: " + err);
        }
    }

    @Test
    void unknownNamesSuggestTheNearest() throws Exception {
        assertOneLineError(explain("--rule", "epsilom"), "unknown rule 'epsilom'", "did you mean epsilon");
        assertOneLineError(explain("--composite", "epsilon-plsu"), "unknown composite", "did you mean epsilon-plus");
        assertOneLineError(explain("--method", "grad"), "unknown method 'grad'", "gradient-x-input");
        assertOneLineError(explain("--rule", "convv=z+"), "selector 'convv' matches no layer");
        assertOneLineError(explain("--rulez", "z+"), "Unknown option", "--help");
    }

    @Test
    void badParametersListTheRuleParameters() throws Exception {
        assertOneLineError(explain("--rule", "epsilon(eps=1)"), "rule 'epsilon' has no parameter 'eps'",
                "its parameters are: epsilon (real, default 1.0E-6), bias (boolean, default true)");
        assertOneLineError(explain("--rule", "gamma(gamma=lots)"), "expects a real, got 'lots'", "gamma (real");
        assertOneLineError(explain("--composite", "epsilon-gamma-box"), "needs low, high");
        assertOneLineError(explain("--rule", "alpha-beta(alpha=1,beta=1)"), "alpha - beta = 1");
        assertOneLineError(explain("--rule", "epsilon(epsilon=1e39)"), "rule epsilon: epsilon=1.0E39 overflows the"
                + " model's float32, whose largest value is 3.402823e+38");
        assertOneLineError(explain("--composite", "epsilon-gamma-box(low=-1e40,high=1)"), "low=-1.0E40 overflows");
        assertOneLineError(explain("--rule", "epsilon(epsilon=1e-50)"), "epsilon=1.0E-50 is 0 in the model's float32");
    }

    @Test
    void missingAndCorruptFiles() throws Exception {
        assertOneLineError(run("explain", "--model", tmp.resolve("no.zip").toString(), "--input",
                cnn().resolve("input.npy").toString(), "--out", tmp.resolve("r.npy").toString(), "--rule", "z+"),
                "cannot read model", "no.zip: no such file");
        Path junk = Files.writeString(tmp.resolve("junk.zip"), "not a zip");
        assertOneLineError(run("explain", "--model", junk.toString(), "--input", cnn().resolve("input.npy").toString(),
                "--out", tmp.resolve("r.npy").toString(), "--rule", "z+"), "is not a DL4J model zip");
        Path badNpy = Files.writeString(tmp.resolve("bad.npy"), "garbage");
        assertOneLineError(run("explain", "--model", cnn().resolve("model.zip").toString(), "--input",
                badNpy.toString(), "--out", tmp.resolve("r.npy").toString(), "--rule", "z+"), "is not a .npy file");
        byte[] whole = Files.readAllBytes(cnn().resolve("input.npy"));
        Path cut = Files.write(tmp.resolve("cut.npy"), java.util.Arrays.copyOf(whole, whole.length - 100));
        assertOneLineError(run("explain", "--model", cnn().resolve("model.zip").toString(), "--input", cut.toString(),
                "--out", tmp.resolve("r.npy").toString(), "--rule", "z+"), "is truncated");
    }

    @Test
    void inputsThatDoNotFit() throws Exception {
        Path wrong = tmp.resolve("wrong.npy");
        Npy.write(wrong, Nd4j.rand(2, 3, 16, 16));
        assertOneLineError(run("explain", "--model", cnn().resolve("model.zip").toString(), "--input",
                wrong.toString(), "--out", tmp.resolve("r.npy").toString(), "--rule", "z+"),
                "does not fit the model", "expects [batch, 1, height, width]");
        assertOneLineError(explain("--rule", "z+", "--target", "7"), "target class 7 is out of range",
                "3 classes (0 to 2)");
        assertOneLineError(explain("--rule", "z+", "--target", "cat"), "--target takes 'argmax' or a class index");
        INDArray x = Npy.read(cnn().resolve("input.npy"));
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY}) {
            x.putScalar(5, bad);
            Path p = tmp.resolve("nan.npy");
            Npy.write(p, x);
            assertOneLineError(run("explain", "--model", cnn().resolve("model.zip").toString(), "--input",
                    p.toString(), "--out", tmp.resolve("r.npy").toString(), "--rule", "z+"), "NaN or infinite");
        }
    }

    @Test
    void outputsThatCannotBeWrittenSayWhy() throws Exception {
        Path missing = tmp.resolve("missing");
        assertOneLineError(explain("--rule", "z+", "--heatmap", missing.resolve("h.png").toString()),
                "cannot write " + missing.resolve("h-0.png") + ": no such directory " + missing);
        assertOneLineError(run("explain", "--model", cnn().resolve("model.zip").toString(), "--input",
                cnn().resolve("input.npy").toString(), "--out", missing.resolve("r.npy").toString(), "--rule", "z+"),
                "cannot write " + missing.resolve("r.npy") + ": no such directory " + missing);
        assertOneLineError(run("explain", "--model", cnn().resolve("model.zip").toString(), "--input",
                cnn().resolve("input.npy").toString(), "--out", tmp.toString(), "--rule", "z+"),
                "cannot write " + tmp + ": is a directory");
        assertOneLineError(run("explain", "--model", cnn().resolve("model.zip").toString(), "--input",
                tmp.toString(), "--out", tmp.resolve("r.npy").toString(), "--rule", "z+"),
                "cannot read " + tmp + ": is a directory");
    }

    @Test
    void aFailedRunLeavesThePreviousOutput() throws Exception {
        Path out = Files.writeString(tmp.resolve("r.npy"), "the previous result");
        INDArray x = Npy.read(cnn().resolve("input.npy"));
        x.putScalar(x.length() - 1, Double.NaN);
        Path nan = tmp.resolve("nan.npy");
        Npy.write(nan, x);
        assertOneLineError(run("explain", "--model", cnn().resolve("model.zip").toString(), "--input", nan.toString(),
                "--out", out.toString(), "--rule", "z+", "--batch-size", "1"), "NaN");
        assertEquals("the previous result", Files.readString(out));
        try (java.util.stream.Stream<Path> files = Files.list(tmp)) {
            assertEquals(List.of(nan, out), files.sorted().toList(), "no partial file is left");
        }
    }

    @Test
    void graphsThatCannotBeExplainedAreNamed() throws Exception {
        Path resnet = ReferenceParityTest.referenceDir().resolve("resnet");
        assertOneLineError(run("explain", "--model", resnet.resolve("model.zip").toString(), "--input",
                resnet.resolve("input.npy").toString(), "--out", tmp.resolve("r.npy").toString(), "--rule", "z+",
                "--output", "fc"), "--output fc names no output of the graph; its outputs are out");
        assertOneLineError(explain("--rule", "z+", "--output", "out"), "--output names an output of a"
                + " ComputationGraph; this model is a MultiLayerNetwork");
        assertOneLineError(run("explain", "--model", resnet.resolve("model.zip").toString(), "--input",
                resnet.resolve("input.npy").toString(), "--out", tmp.resolve("r.npy").toString(), "--rule",
                "add=z+"), "rule 'z+' cannot serve 'add': it needs weights, and an Add vertex has none");
        org.deeplearning4j.nn.graph.ComputationGraph product = new org.deeplearning4j.nn.graph.ComputationGraph(
                new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder().graphBuilder().addInputs("a", "b")
                        .addVertex("times", new org.deeplearning4j.nn.conf.graph.ElementWiseVertex(
                                org.deeplearning4j.nn.conf.graph.ElementWiseVertex.Op.Product), "a", "b")
                        .addLayer("out", new org.deeplearning4j.nn.conf.layers.OutputLayer.Builder().nIn(4).nOut(2)
                                .build(), "times")
                        .setOutputs("out").build());
        product.init();
        Path zip = tmp.resolve("two-inputs.zip");
        org.deeplearning4j.util.ModelSerializer.writeModel(product, zip.toFile(), false);
        Path x = tmp.resolve("x.npy");
        Npy.write(x, Nd4j.rand(3, 4));
        assertOneLineError(run("explain", "--model", zip.toString(), "--input", x.toString(), "--out",
                tmp.resolve("r.npy").toString(), "--rule", "epsilon"), "'times' (ElementWiseVertex) is not supported:"
                + " ElementWiseVertex Product");
    }

    @Test
    void verboseAddsTheStackTrace() throws Exception {
        Result r = explain("--rule", "epsilom", "--verbose");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("\tat "), r.err());
    }

    @Test
    void theUsersFilesAreNeverOverwritten() throws Exception {
        Path input = Files.copy(cnn().resolve("input.npy"), tmp.resolve("in.npy"));
        byte[] before = Files.readAllBytes(input);
        assertOneLineError(run("explain", "--model", cnn().resolve("model.zip").toString(), "--input",
                input.toString(), "--out", input.toString(), "--rule", "z+"), "is the input file");
        assertEquals(java.util.Arrays.toString(before), java.util.Arrays.toString(Files.readAllBytes(input)));
    }
}

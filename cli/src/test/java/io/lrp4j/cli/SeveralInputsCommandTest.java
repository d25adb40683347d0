package io.lrp4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lrp4j.engine.Explainer;
import io.lrp4j.engine.Explanation;
import io.lrp4j.engine.Target;
import io.lrp4j.engine.io.Npy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * {@code ./lrp explain} on a graph with two inputs: {@code --input NAME=X.npy} for each, one relevance file per input
 * beside {@code --out}, equal to the Java API's; inputs missing, unknown or doubled, and options that need one input,
 * get one line and exit 2.
 */
class SeveralInputsCommandTest {
    @TempDir
    Path tmp;

    private Path model() throws Exception {
        ComputationGraph net = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(1)
                .activation(Activation.RELU).graphBuilder()
                .addInputs("image", "meta").setInputTypes(InputType.feedForward(6), InputType.feedForward(2))
                .addLayer("di", new DenseLayer.Builder().nOut(4).build(), "image")
                .addLayer("dm", new DenseLayer.Builder().nOut(3).build(), "meta")
                .addVertex("merge", new MergeVertex(), "di", "dm")
                .addLayer("out", new OutputLayer.Builder(LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX)
                        .build(), "merge")
                .setOutputs("out").build());
        net.init();
        Path zip = tmp.resolve("two.zip");
        ModelSerializer.writeModel(net, zip.toFile(), false);
        return zip;
    }

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void eachInputGetsItsOwnRelevanceFile() throws Exception {
        Path model = model();
        Nd4j.getRandom().setSeed(3);
        INDArray image = Nd4j.rand(DataType.FLOAT, 5, 6);
        INDArray meta = Nd4j.rand(DataType.FLOAT, 5, 2);
        Npy.write(tmp.resolve("image.npy"), image);
        Npy.write(tmp.resolve("meta.npy"), meta);
        Run r = run("explain", "--model", model.toString(), "--input", "meta=" + tmp.resolve("meta.npy"), "--input",
                "image=" + tmp.resolve("image.npy"), "--out", tmp.resolve("r.npy").toString(), "--composite",
                "epsilon-plus");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("wrote " + tmp.resolve("r-image.npy") + ": relevance of input image [5, 6]"),
                r.out());
        assertFalse(Files.exists(tmp.resolve("r.npy")), "no file for the inputs together");
        Explanation e = Explainer.forModel(ModelSerializer.restoreComputationGraph(model.toFile(), false))
                .composite("epsilon-plus").build().explain(List.of(image, meta), Target.argmax(), false);
        assertEquals(e.inputRelevance().get(0), Npy.read(tmp.resolve("r-image.npy")), "image's relevance");
        assertEquals(e.inputRelevance().get(1), Npy.read(tmp.resolve("r-meta.npy")), "meta's relevance");
    }

    /** A model with one input takes NAME=X.npy too, NAME being that input's name, as a graph with several does. */
    @Test
    void theOneInputOfAModelMayBeNamed() throws Exception {
        Path x = tmp.resolve("x.npy");
        Npy.write(x, Nd4j.rand(DataType.FLOAT, 2, 4));
        org.deeplearning4j.nn.multilayer.MultiLayerNetwork net = new org.deeplearning4j.nn.multilayer
                .MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1).list()
                .layer(new OutputLayer.Builder(LossFunction.MSE).nIn(4).nOut(3).activation(Activation.IDENTITY)
                        .build()).build());
        net.init();
        Path model = tmp.resolve("one.zip");
        ModelSerializer.writeModel(net, model.toFile(), false);
        Run r = run("explain", "--model", model.toString(), "--input", "input=" + x, "--out",
                tmp.resolve("r.npy").toString(), "--rule", "epsilon");
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.exists(tmp.resolve("r.npy")));
    }

    @Test
    void inputsThatDoNotMatchTheModelsAreRefusedWithOneLine() throws Exception {
        String model = model().toString();
        Npy.write(tmp.resolve("image.npy"), Nd4j.rand(DataType.FLOAT, 5, 6));
        Npy.write(tmp.resolve("meta.npy"), Nd4j.rand(DataType.FLOAT, 5, 2));
        String image = "image=" + tmp.resolve("image.npy");
        String meta = "meta=" + tmp.resolve("meta.npy");
        String out = tmp.resolve("r.npy").toString();
        for (String[] inputs : new String[][] {{image}, {image, "colour=" + tmp.resolve("meta.npy")},
            {tmp.resolve("image.npy").toString()}, {image, meta, image}}) {
            java.util.List<String> args = new java.util.ArrayList<>(List.of("explain", "--model", model, "--out", out,
                    "--composite", "epsilon-plus"));
            for (String in : inputs) {
                args.add("--input");
                args.add(in);
            }
            Run r = run(args.toArray(String[]::new));
            assertEquals(2, r.code(), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
        }
        Run missing = run("explain", "--model", model, "--input", image, "--out", out, "--composite", "epsilon-plus");
        assertEquals("lrp: no --input for the model's input meta; it has [image, meta]", missing.err().strip());
        Npy.write(tmp.resolve("mask.npy"), Nd4j.ones(DataType.FLOAT, 5, 1));
        Run masked = run("explain", "--model", model, "--input", image, "--input", meta, "--out", out,
                "--composite", "epsilon-plus", "--mask", tmp.resolve("mask.npy").toString());
        assertEquals("lrp: a model with several inputs [image, meta] takes no --mask, --html or --per-dimension",
                masked.err().strip());
        Npy.write(tmp.resolve("b.npy"), Nd4j.zeros(DataType.FLOAT, 1, 6));
        Run baselineFile = run("explain", "--model", model, "--input", image, "--input", meta, "--out", out,
                "--method", "integrated-gradients", "--baseline", tmp.resolve("b.npy").toString());
        assertEquals(2, baselineFile.code(), baselineFile.err());
        assertTrue(baselineFile.err().contains("a baseline file gives one input's start; this model has 2 inputs"),
                baselineFile.err());
        Npy.write(tmp.resolve("short.npy"), Nd4j.rand(DataType.FLOAT, 4, 2));
        Run rows = run("explain", "--model", model, "--input", image, "--input", "meta=" + tmp.resolve("short.npy"),
                "--out", out, "--composite", "epsilon-plus", "--batch-size", "2");
        assertEquals(2, rows.code(), rows.err());
        assertTrue(rows.err().contains("every input needs as many rows: ") && rows.err().contains(" has 4"),
                rows.err());
        assertEquals(1, rows.err().strip().lines().count(), rows.err());
    }

    /**
     * Integrated gradients, SmoothGrad and occlusion take several inputs as LRP does: a relevance file per input
     * equal to the Java API's, in one call or in blocks; integrated gradients' completeness is reported over both
     * inputs; {@code --heatmap H.png} draws each input's rows as H-NAME-ROW.png.
     */
    @Test
    void pathMethodsAndHeatmapsTakeSeveralInputs() throws Exception {
        Path model = model();
        Nd4j.getRandom().setSeed(9);
        INDArray image = Nd4j.rand(DataType.FLOAT, 3, 6);
        INDArray meta = Nd4j.rand(DataType.FLOAT, 3, 2);
        Npy.write(tmp.resolve("image.npy"), image);
        Npy.write(tmp.resolve("meta.npy"), meta);
        String[] inputs = {"--input", "image=" + tmp.resolve("image.npy"), "--input", "meta=" + tmp.resolve("meta.npy")};
        ComputationGraph net = ModelSerializer.restoreComputationGraph(model.toFile(), false);
        for (String method : new String[] {"integrated-gradients", "smoothgrad", "occlusion"}) {
            for (String batch : new String[] {null, "2"}) {
                String stem = method + (batch == null ? "" : "-blocks");
                List<String> args = new java.util.ArrayList<>(List.of("explain", "--model", model.toString(),
                        "--out", tmp.resolve(stem + ".npy").toString(), "--method", method));
                args.addAll(List.of(inputs));
                if (batch != null) {
                    args.addAll(List.of("--batch-size", batch));
                }
                Run r = run(args.toArray(String[]::new));
                assertEquals(0, r.code(), method + " " + r.err());
                if (method.equals("integrated-gradients") && batch == null) {
                    assertTrue(r.out().contains("integrated gradients: sum of attributions against f(x) -"
                            + " f(baseline)"), r.out());
                }
                Explanation e = Explainer.forModel(net).method(io.lrp4j.engine.Method.parse(method)).build()
                        .explain(List.of(image, meta), Target.argmax(), false);
                for (int k = 0; k < 2; k++) {
                    String name = k == 0 ? "image" : "meta";
                    INDArray written = Npy.read(tmp.resolve(stem + "-" + name + ".npy"));
                    if (method.equals("smoothgrad") && batch != null) {
                        // Each block draws its own noise from the seed: the same shape, other samples.
                        assertEquals(List.of(3L, k == 0 ? 6L : 2L), java.util.Arrays.stream(written.shape())
                                .boxed().toList(), stem + ": " + name);
                    } else {
                        assertTrue(e.inputRelevance().get(k).equalsWithEps(written, 1e-5), stem + ": " + name);
                    }
                }
            }
        }
        Run pictures = run("explain", "--model", model.toString(), inputs[0], inputs[1], inputs[2], inputs[3],
                "--out", tmp.resolve("lrp.npy").toString(), "--composite", "epsilon-plus", "--heatmap",
                tmp.resolve("h.png").toString());
        assertEquals(0, pictures.code(), pictures.err());
        for (String name : new String[] {"image", "meta"}) {
            for (int row = 0; row < 3; row++) {
                Path png = tmp.resolve("h-" + name + "-" + row + ".png");
                assertTrue(Files.size(png) > 100, png.toString());
            }
            assertTrue(pictures.out().contains("wrote " + tmp.resolve("h-" + name + "-0.png") + " ...: 3 heatmaps of"
                    + " input " + name), pictures.out());
        }
    }

    /** In blocks, on one worker or two, each input's relevance file is what one call writes, bit for bit. */
    @Test
    void blocksOfRowsGiveWhatOneCallGives() throws Exception {
        String model = model().toString();
        Nd4j.getRandom().setSeed(5);
        Npy.write(tmp.resolve("image.npy"), Nd4j.rand(DataType.FLOAT, 7, 6));
        Npy.write(tmp.resolve("meta.npy"), Nd4j.rand(DataType.FLOAT, 7, 2));
        String image = "image=" + tmp.resolve("image.npy");
        String meta = "meta=" + tmp.resolve("meta.npy");
        Run whole = run("explain", "--model", model, "--input", image, "--input", meta, "--out",
                tmp.resolve("whole.npy").toString(), "--composite", "epsilon-plus");
        assertEquals(0, whole.code(), whole.err());
        for (String threads : new String[] {"1", "2"}) {
            Path out = tmp.resolve("blocks" + threads + ".npy");
            Run blocks = run("explain", "--model", model, "--input", image, "--input", meta, "--out", out.toString(),
                    "--composite", "epsilon-plus", "--batch-size", "3", "--threads", threads);
            assertEquals(0, blocks.code(), blocks.err());
            assertTrue(blocks.out().contains("relevance of input meta [7, 2]"), blocks.out());
            for (String input : new String[] {"image", "meta"}) {
                // Rows explained in blocks of 3 round as a batch of 3 does; the values agree to float precision.
                INDArray one = Npy.read(tmp.resolve("whole-" + input + ".npy"));
                INDArray inBlocks = Npy.read(tmp.resolve("blocks" + threads + "-" + input + ".npy"));
                assertTrue(one.equalsWithEps(inBlocks, 1e-5), input + " with " + threads + " threads");
            }
        }
        assertEquals(Npy.read(tmp.resolve("blocks1-image.npy")), Npy.read(tmp.resolve("blocks2-image.npy")),
                "one worker or two: the same bits");
    }
}

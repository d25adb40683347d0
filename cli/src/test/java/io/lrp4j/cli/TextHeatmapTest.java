package io.lrp4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lrp4j.engine.io.Npy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/** Token ids in, token relevance out, and a text heatmap page whose words are the vocabulary's. */
class TextHeatmapTest {
    @TempDir
    Path tmp;

    private Path model() throws Exception {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(3)
                .dataType(DataType.FLOAT).list()
                .layer(new EmbeddingSequenceLayer.Builder().nIn(20).nOut(5).inputLength(6).build())
                .layer(new LastTimeStep(new LSTM.Builder().nIn(5).nOut(6).activation(Activation.TANH).build()))
                .layer(new OutputLayer.Builder(LossFunction.MSE).nIn(6).nOut(3).activation(Activation.IDENTITY)
                        .build())
                .build());
        net.init();
        Path zip = tmp.resolve("text.zip");
        ModelSerializer.writeModel(net, zip.toFile(), false);
        return zip;
    }

    private int run(StringWriter out, StringWriter err, String... args) {
        return Main.run(args, new PrintWriter(out), new PrintWriter(err));
    }

    @Test
    void wordsAreColouredByTheirRelevance() throws Exception {
        Path zip = model();
        Path ids = tmp.resolve("ids.npy");
        INDArray tokens = Nd4j.createFromArray(new int[][] {{1, 2, 3, 4, 5, 6}, {19, 0, 7, 7, 8, 9}});
        writeInt32(ids, tokens);
        List<String> words = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            words.add(i == 7 ? "<b>&amp;" : "word" + i);
        }
        Path vocab = Files.write(tmp.resolve("vocab.txt"), words);
        Path page = tmp.resolve("page.html");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(0, run(out, err, "explain", "--model", zip.toString(), "--input", ids.toString(), "--out",
                tmp.resolve("r.npy").toString(), "--rule", "epsilon(epsilon=0.001)", "--vocab", vocab.toString(),
                "--html", page.toString()), err.toString());
        INDArray relevance = Npy.read(tmp.resolve("r.npy"));
        assertEquals("[2, 6]", java.util.Arrays.toString(relevance.shape()), "one relevance per token");
        String html = Files.readString(page);
        Matcher spans = Pattern.compile("<span style=\"background:#([0-9a-f]{6});color:(#fff|#000)\" title=\"([^\"]+)\">"
                + "([^<]*)</span>").matcher(html);
        List<String> seen = new ArrayList<>();
        while (spans.find()) {
            int rgb = Integer.parseInt(spans.group(1), 16);
            double luminance = (0.299 * (rgb >> 16) + 0.587 * (rgb >> 8 & 0xff) + 0.114 * (rgb & 0xff)) / 255;
            assertEquals(luminance < 0.5 ? "#fff" : "#000", spans.group(2), "readable on " + spans.group(1));
            seen.add(spans.group(4));
        }
        assertEquals(List.of("word1", "word2", "word3", "word4", "word5", "word6", "word19", "word0", "&lt;b&gt;&amp;amp;",
                "&lt;b&gt;&amp;amp;", "word8", "word9"), seen, "every token in order, escaped");
        assertTrue(html.contains("row 1, class ") && html.contains("most relevant: "), html);
        assertTrue(!html.contains("<script") && !html.contains("http"), "self-contained");
    }

    @Test
    void aVocabularyOfAnotherSizeAndFloatsAreRefused() throws Exception {
        Path zip = model();
        Path ids = tmp.resolve("ids.npy");
        writeInt32(ids, Nd4j.createFromArray(new int[][] {{1, 2, 3, 4, 5, 6}}));
        Path vocab = Files.write(tmp.resolve("vocab.txt"), List.of("a", "b", "c"));
        StringWriter err = new StringWriter();
        assertEquals(2, run(new StringWriter(), err, "explain", "--model", zip.toString(), "--input", ids.toString(),
                "--out", tmp.resolve("r.npy").toString(), "--rule", "epsilon", "--vocab", vocab.toString(), "--html",
                tmp.resolve("p.html").toString()));
        assertTrue(err.toString().contains("has 3 tokens but the model's embedding has 20"), err.toString());
        Path floats = tmp.resolve("f.npy");
        Npy.write(floats, Nd4j.rand(DataType.FLOAT, 1, 6));
        err = new StringWriter();
        assertEquals(2, run(new StringWriter(), err, "explain", "--model", zip.toString(), "--input",
                floats.toString(), "--out", tmp.resolve("r.npy").toString(), "--rule", "epsilon"));
        assertTrue(err.toString().contains("reads token ids, and the input holds fractions"), err.toString());
        writeInt32(ids, Nd4j.createFromArray(new int[][] {{1, 2, 3, 4, 5, 25}}));
        err = new StringWriter();
        assertEquals(2, run(new StringWriter(), err, "explain", "--model", zip.toString(), "--input", ids.toString(),
                "--out", tmp.resolve("r.npy").toString(), "--rule", "epsilon"));
        assertTrue(err.toString().contains("token ids from 1 to 25 do not fit"), err.toString());
    }

    @Test
    void perDimensionRelevanceSumsToTheTokens() throws Exception {
        Path zip = model();
        Path ids = tmp.resolve("ids.npy");
        writeInt32(ids, Nd4j.createFromArray(new int[][] {{1, 2, 3, 4, 5, 6}, {19, 0, 7, 7, 8, 9}}));
        StringWriter err = new StringWriter();
        assertEquals(0, run(new StringWriter(), err, "explain", "--model", zip.toString(), "--input", ids.toString(),
                "--out", tmp.resolve("tokens.npy").toString(), "--rule", "epsilon"), err.toString());
        assertEquals(0, run(new StringWriter(), err, "explain", "--model", zip.toString(), "--input", ids.toString(),
                "--out", tmp.resolve("dims.npy").toString(), "--rule", "epsilon", "--per-dimension"), err.toString());
        INDArray dims = Npy.read(tmp.resolve("dims.npy"));
        assertEquals("[2, 5, 6]", java.util.Arrays.toString(dims.shape()), "[N, dim, T]");
        INDArray tokens = Npy.read(tmp.resolve("tokens.npy"));
        assertTrue(dims.sum(1).sub(tokens).amaxNumber().doubleValue() <= 1e-5 * tokens.amaxNumber().doubleValue(),
                "summed over the dimensions, the tokens' relevance");
        err = new StringWriter();
        assertEquals(2, run(new StringWriter(), err, "explain", "--model", zip.toString(), "--input", ids.toString(),
                "--out", tmp.resolve("d.npy").toString(), "--rule", "epsilon", "--per-dimension", "--batch-size",
                "1"));
        assertTrue(err.toString().contains("--per-dimension writes [N, dim, T] with --out only"), err.toString());
    }

    /** An int32 .npy file as NumPy writes it. */
    static void writeInt32(Path file, INDArray ids) throws Exception {
        String dims = ids.size(0) + ", " + ids.size(1);
        String dict = "{'descr': '<i4', 'fortran_order': False, 'shape': (" + dims + "), }";
        String header = dict + " ".repeat(63 - (10 + dict.length()) % 64) + "\n";
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(10 + header.length() + 4 * (int) ids.length())
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) header.length());
        b.put(header.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        for (int v : ids.castTo(DataType.INT32).dup('c').data().asInt()) {
            b.putInt(v);
        }
        Files.write(file, b.array());
    }
}

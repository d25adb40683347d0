package io.lrp4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lrp4j.engine.Explainer;
import io.lrp4j.engine.heatmap.Colormap;
import io.lrp4j.engine.heatmap.HeatmapOptions;
import io.lrp4j.engine.heatmap.Heatmaps;
import io.lrp4j.engine.io.ModelFiles;
import io.lrp4j.engine.io.Npy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

class CommandsTest {
    @TempDir
    Path tmp;

    static String stdout(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(0, Main.run(args, new PrintWriter(out), new PrintWriter(err)), err.toString());
        return out.toString();
    }

    @Test
    void rulesListsEveryBuiltInRuleWithItsFacts() {
        String listing = stdout("rules");
        for (String name : new String[] {"lrp-0", "epsilon", "z+", "alpha-beta", "gamma", "zB", "w2", "flat",
                "pass", "winner-take-all", "proportional", "gradient", "guided-relu", "deconvnet-relu"}) {
            assertTrue(listing.contains("\n" + name) || listing.startsWith(name), name + " in listing");
        }
        assertTrue(listing.contains("param epsilon: real = 1.0E-6 (> 0)"), listing);
        assertTrue(listing.contains("guarantees: CONSERVATION (with bias=false or zero biases), POSITIVITY\n"),
                "z+ conserves with bias=false, not with its default:\n" + listing);
        assertTrue(listing.contains("guarantees: CONSERVATION (with bias=false or zero biases)\n"), "gamma");
        assertTrue(listing.contains("guarantees: CONSERVATION (with bias=false or zero biases, for inputs within"
                + " [low, high]), POSITIVITY (for inputs within [low, high])"), "zB");
        assertTrue(listing.contains("guarantees: CONSERVATION, POSITIVITY\n"), "pass: unconditional");
        assertTrue(listing.contains("from: ") && listing.contains("rules-builtin"), listing);
    }

    @Test
    void compositesListsEveryBuiltInComposite() {
        String listing = stdout("composites");
        for (String name : new String[] {"epsilon-plus", "epsilon-gamma-box", "epsilon-alpha2-beta1",
                "epsilon-plus-flat", "epsilon-alpha2-beta1-flat", "excitation-backprop", "guided-backprop",
                "deconvnet"}) {
            assertTrue(listing.contains(name + "\n") || listing.contains(name + "  ("), name);
        }
        assertTrue(listing.contains("param low: real (required)"), listing);
    }

    @Test
    void versionAndHelp() {
        assertTrue(stdout("--version").startsWith("lrp4j "));
        String help = stdout("explain", "--help");
        assertTrue(help.contains("Examples:") && help.contains("--composite"), help);
    }

    @Test
    void theCommandLineWritesWhatTheJavaApiComputes() throws Exception {
        Path dir = ReferenceParityTest.referenceDir().resolve("cnnbn");
        Path out = tmp.resolve("r.npy");
        stdout("explain", "--model", dir.resolve("model.zip").toString(), "--input",
                dir.resolve("input.npy").toString(), "--out", out.toString(), "--rule", "conv=gamma(gamma=0.5)",
                "--rule", "dense=epsilon(epsilon=0.01)", "--target", "1");
        INDArray viaApi = Explainer.forModel(ModelFiles.load(dir.resolve("model.zip")))
                .rule("conv", "gamma(gamma=0.5)").rule("dense", "epsilon(epsilon=0.01)").build()
                .explain(Npy.read(dir.resolve("input.npy")), io.lrp4j.engine.Target.index(1)).relevance();
        assertEquals(viaApi, Npy.read(out));
        assertTrue(Files.size(out) > 0);
    }

    @Test
    void explainDrawsOneHeatmapPerRow() throws Exception {
        Path dir = ReferenceParityTest.referenceDir().resolve("cnn");
        stdout("explain", "--model", dir.resolve("model.zip").toString(), "--input",
                dir.resolve("input.npy").toString(), "--out", tmp.resolve("r.npy").toString(), "--composite",
                "epsilon-plus", "--heatmap", tmp.resolve("h.png").toString());
        INDArray relevance = Npy.read(tmp.resolve("r.npy"));
        for (int row = 0; row < 4; row++) {
            java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(tmp.resolve("h-" + row + ".png").toFile());
            INDArray one = relevance.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(row, row + 1));
            java.awt.image.BufferedImage tile = Heatmaps.render(one, Colormap.DIVERGING,
                    HeatmapOptions.of(Colormap.DIVERGING).scaled(7));
            assertEquals(16 * 7, tile.getWidth(), "16 pixels enlarged 7 times");
            assertTrue(img.getHeight() > tile.getHeight() + 30, "a label over it and a colour bar under it");
            assertTrue(Pictures.contains(img, tile), "row " + row + " on its own scale");
        }
    }

    @Test
    void sharedScaleAndOverlayHeatmapsWhenStreamed() throws Exception {
        Path dir = ReferenceParityTest.referenceDir().resolve("cnn");
        stdout("explain", "--model", dir.resolve("model.zip").toString(), "--input",
                dir.resolve("input.npy").toString(), "--out", tmp.resolve("r.npy").toString(), "--composite",
                "epsilon-plus", "--heatmap", tmp.resolve("s.png").toString(), "--shared-scale", "--batch-size", "3");
        INDArray relevance = Npy.read(tmp.resolve("r.npy"));
        double shared = org.nd4j.linalg.ops.transforms.Transforms.abs(relevance.sum(1)).maxNumber().doubleValue();
        int ownScaleRowsFound = 0;
        for (int row = 0; row < 4; row++) {
            INDArray one = relevance.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(row, row + 1));
            java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(tmp.resolve("s-" + row + ".png").toFile());
            assertTrue(Pictures.contains(img, Heatmaps.render(one, Colormap.DIVERGING,
                    HeatmapOptions.of(Colormap.DIVERGING).scaled(7).range(shared))), "row " + row + " on the shared scale");
            ownScaleRowsFound += Pictures.contains(img, Heatmaps.render(one, Colormap.DIVERGING,
                    HeatmapOptions.of(Colormap.DIVERGING).scaled(7))) ? 1 : 0;
        }
        assertTrue(ownScaleRowsFound < 4, "the shared scale differs from the rows' own");
        stdout("explain", "--model", dir.resolve("model.zip").toString(), "--input",
                dir.resolve("input.npy").toString(), "--out", tmp.resolve("o.npy").toString(), "--composite",
                "epsilon-plus", "--heatmap", tmp.resolve("o.png").toString(), "--overlay");
        java.awt.image.BufferedImage plain = javax.imageio.ImageIO.read(tmp.resolve("s-0.png").toFile());
        java.awt.image.BufferedImage over = javax.imageio.ImageIO.read(tmp.resolve("o-0.png").toFile());
        assertTrue(!Pictures.contains(over, Heatmaps.render(relevance.get(org.nd4j.linalg.indexing.NDArrayIndex
                .interval(0, 1)), Colormap.DIVERGING, HeatmapOptions.of(Colormap.DIVERGING).scaled(7))),
                "the overlay is not the plain heatmap");
        assertTrue(plain.getWidth() > 0 && over.getWidth() > 0);
    }

    @Test
    void theReportSaysWhatEachRowExplainedAndAddsUp() throws Exception {
        Path dir = ReferenceParityTest.referenceDir().resolve("cnn");
        Path report = tmp.resolve("report.csv");
        String[] args = {"explain", "--model", dir.resolve("model.zip").toString(), "--input",
            dir.resolve("input.npy").toString(), "--out", tmp.resolve("r.npy").toString(), "--composite",
            "epsilon-plus", "--report", report.toString()};
        String printed = stdout(args);
        assertTrue(printed.contains("mean over 4 rows: score "), printed);
        java.util.List<String> lines = Files.readAllLines(report);
        assertEquals(ExplainReport.HEADER, lines.get(0));
        assertEquals(5, lines.size(), "a header and one line per row");
        io.lrp4j.engine.Explanation e = Explainer.forModel(ModelFiles.load(dir.resolve("model.zip")))
                .composite("epsilon-plus").build().explain(Npy.read(dir.resolve("input.npy")));
        INDArray relevance = Npy.read(tmp.resolve("r.npy"));
        for (int row = 0; row < 4; row++) {
            String[] f = lines.get(row + 1).split(",");
            assertEquals(String.valueOf(row), f[0]);
            assertEquals(e.targets().getLong(row), Long.parseLong(f[1]), "target");
            double score = Double.parseDouble(f[2]);
            double sum = Double.parseDouble(f[3]);
            double absorbed = Double.parseDouble(f[4]);
            assertEquals(e.targetScores().getDouble(row), score, 1e-5 * Math.abs(score), "score");
            assertEquals(relevance.get(org.nd4j.linalg.indexing.NDArrayIndex.point(row)).sumNumber().doubleValue(), sum, 1e-5 * Math.abs(score),
                    "the relevance sum of what --out holds");
            assertEquals(score, sum + absorbed, 1e-5 * Math.abs(score), "score = relevance sum + absorbed");
            assertTrue(Math.abs(absorbed) > 1e-4 * Math.abs(score), "the biases of this model absorb some");
        }
        Path streamed = tmp.resolve("streamed.csv");
        args[args.length - 1] = streamed.toString();
        String[] withBlocks = java.util.Arrays.copyOf(args, args.length + 2);
        withBlocks[args.length] = "--batch-size";
        withBlocks[args.length + 1] = "3";
        stdout(withBlocks);
        assertEquals(4, Files.readAllLines(streamed).size() - 1, "every row, streamed in blocks");
        String gradient = stdout("explain", "--model", dir.resolve("model.zip").toString(), "--input",
                dir.resolve("input.npy").toString(), "--out", tmp.resolve("g.npy").toString(), "--method",
                "gradient");
        assertTrue(gradient.contains("starts from 1, not from the score"), gradient);
    }

    @Test
    void uint8ImagesAreReadAsValueOver255UnlessRawIsAsked() throws Exception {
        Path dir = ReferenceParityTest.referenceDir().resolve("cnn");
        INDArray x = Npy.read(dir.resolve("input.npy"));
        INDArray bytes = org.nd4j.linalg.ops.transforms.Transforms.round(x.sub(x.minNumber()).divi(
                x.maxNumber().doubleValue() - x.minNumber().doubleValue()).muli(255)).castTo(
                org.nd4j.linalg.api.buffer.DataType.UBYTE);
        Path u8 = tmp.resolve("u8.npy");
        writeUint8(u8, bytes);
        assertEquals(bytes.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT), Npy.read(u8).castTo(
                org.nd4j.linalg.api.buffer.DataType.FLOAT), "values 128 to 255 read back unsigned");
        Path scaled = tmp.resolve("scaled.npy");
        Npy.write(scaled, bytes.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).divi(255));
        for (String[] pair : new String[][] {{"unit", scaled.toString()}, {"raw", null}}) {
            Path fromBytes = tmp.resolve("r-" + pair[0] + ".npy");
            stdout("explain", "--model", dir.resolve("model.zip").toString(), "--input", u8.toString(), "--out",
                    fromBytes.toString(), "--composite", "epsilon-plus", "--uint8", pair[0]);
            Path floats = pair[1] != null ? scaled : tmp.resolve("raw.npy");
            if (pair[1] == null) {
                Npy.write(floats, bytes.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT));
            }
            Path fromFloats = tmp.resolve("f-" + pair[0] + ".npy");
            stdout("explain", "--model", dir.resolve("model.zip").toString(), "--input", floats.toString(), "--out",
                    fromFloats.toString(), "--composite", "epsilon-plus");
            assertEquals(java.util.Arrays.toString(Files.readAllBytes(fromFloats)),
                    java.util.Arrays.toString(Files.readAllBytes(fromBytes)), "--uint8 " + pair[0]);
        }
    }

    /** A uint8 .npy file as NumPy writes it. */
    private static void writeUint8(Path file, INDArray bytes) throws Exception {
        String dims = java.util.Arrays.stream(bytes.shape()).mapToObj(Long::toString)
                .collect(java.util.stream.Collectors.joining(", "));
        String dict = "{'descr': '|u1', 'fortran_order': False, 'shape': (" + dims + "), }";
        String header = dict + " ".repeat(63 - (10 + dict.length()) % 64) + "\n";
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) header.length(), 0});
        out.write(header.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        int[] values = bytes.castTo(org.nd4j.linalg.api.buffer.DataType.INT32).dup('c').data().asInt();
        for (int v : values) {
            out.write(v);
        }
        Files.write(file, out.toByteArray());
    }

    @Test
    void aSequenceIsDrawnAsFeaturesByTimeSteps() throws Exception {
        Path dir = ReferenceParityTest.referenceDir().resolve("rnn");
        stdout("explain", "--model", dir.resolve("model.zip").toString(), "--input", dir.resolve("input.npy").toString(),
                "--out", tmp.resolve("r.npy").toString(), "--rule", "epsilon", "--heatmap",
                tmp.resolve("s.png").toString());
        INDArray relevance = Npy.read(tmp.resolve("r.npy"));
        java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(tmp.resolve("s-0.png").toFile());
        java.awt.image.BufferedImage tile = Heatmaps.render(relevance.get(org.nd4j.linalg.indexing.NDArrayIndex
                .interval(0, 1)), Colormap.DIVERGING, HeatmapOptions.of(Colormap.DIVERGING).scaled(112 / 6));
        assertEquals(6 * 18, tile.getWidth(), "6 time steps across, enlarged to about 112 pixels");
        assertEquals(4 * 18, tile.getHeight(), "4 features down");
        assertTrue(Pictures.contains(img, tile), "the row's features by time steps");
    }
}

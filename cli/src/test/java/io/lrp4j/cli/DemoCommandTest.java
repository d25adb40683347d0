package io.lrp4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lrp4j.cli.demo.DemoMethod;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo end to end on a few images: every picture decodes at the right size, and the report says it all. */
class DemoCommandTest {
    @TempDir
    Path tmp;

    @Test
    void theDemoWritesPicturesAGridAndAReport() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {"demo", "--out", tmp.toString(), "--images", "3", "--evaluate", "20"},
                new PrintWriter(out), new PrintWriter(err));
        assertEquals(0, code, err.toString());
        int cell = 28 * 4;
        for (int row = 0; row < 3; row++) {
            assertSize(tmp.resolve(String.format("image%02d-input.png", row)), cell, cell);
            for (DemoMethod m : DemoMethod.ALL) {
                assertSize(tmp.resolve(String.format("image%02d-%s.png", row, m.label())), cell, cell);
            }
        }
        int columns = DemoMethod.ALL.size() + 1;
        java.awt.image.BufferedImage grid = javax.imageio.ImageIO.read(tmp.resolve("grid.png").toFile());
        assertTrue(grid.getWidth() > columns * (cell + 4) + 4 && grid.getHeight() > 3 * (cell + 4) + 4,
                "labels beside the rows, over the columns, and a colour bar under them");
        for (DemoMethod m : DemoMethod.ALL) {
            assertTrue(Pictures.contains(grid, javax.imageio.ImageIO.read(tmp.resolve(String.format(
                    "image%02d-%s.png", 2, m.label())).toFile())), m.label() + "'s tile, on its own scale");
        }
        String html = Files.readString(tmp.resolve("index.html"));
        assertTrue(html.contains("Ankle boot") && html.contains("Pullover"), "true classes are named");
        assertTrue(html.contains("grid.png") && html.contains("epsilon-gamma-box(low=0,high=1)"), html);
        // The evaluation section: every method and the random baseline, the table in the page, the curves beside it.
        List<String> aopc = Files.readAllLines(tmp.resolve("evaluation/aopc.csv"));
        assertEquals(DemoMethod.ALL.size() + 2, aopc.size(), String.join("\n", aopc));
        assertTrue(aopc.get(aopc.size() - 1).startsWith("random,"), aopc.toString());
        assertTrue(html.contains("Which explanation is right?") && html.contains("evaluation/curves.png")
                && html.contains("first 20 test images"), html);
        assertTrue(Files.size(tmp.resolve("evaluation/curves.png")) > 0);
        String summary = out.toString();
        assertTrue(summary.contains("Region perturbation, first 20 test images"), summary);
        assertTrue(summary.contains("epsilon-plus") && summary.contains("conservation error"), summary);
        assertTrue(summary.contains("open " + tmp.resolve("index.html").toAbsolutePath()), summary);
    }

    @Test
    void askedForMoreImagesThanThereAreItSaysHowManyItUsed() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        io.lrp4j.cli.demo.FashionMnist.Split shipped = io.lrp4j.cli.demo.ShippedDemo.testSubset();
        org.nd4j.linalg.indexing.INDArrayIndex first4 = org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 4);
        io.lrp4j.cli.demo.Idx.writeImages(data.resolve("t10k-images-idx3-ubyte.gz"), shipped.images().get(first4));
        io.lrp4j.cli.demo.Idx.writeLabels(data.resolve("t10k-labels-idx1-ubyte.gz"), shipped.labels().get(first4));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {"demo", "--out", tmp.resolve("demo").toString(), "--images", "400",
            "--data", data.toString()}, new PrintWriter(out), new PrintWriter(err));
        assertEquals(0, code, err.toString());
        assertTrue(out.toString().contains("--images 400: only 4 test images are available; explaining 4"),
                out.toString());
        assertTrue(out.toString().contains("4 images, "), out.toString());
    }

    @Test
    void theSequenceDemoShowsBothRecurrentModelsSideBySide() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {"demo", "sequence", "--out", tmp.toString(), "--images", "2"},
                new PrintWriter(out), new PrintWriter(err));
        assertEquals(0, code, err.toString());
        for (String model : new String[] {"lstm", "relu-rnn"}) {
            for (DemoMethod m : DemoMethod.SEQUENCE) {
                assertSize(tmp.resolve(model).resolve(String.format("image%02d-%s.png", 1, m.label())), 28 * 4,
                        28 * 4);
            }
            assertTrue(Files.exists(tmp.resolve(model).resolve("grid.png")), model + " grid");
            assertTrue(out.toString().contains(model + ":\n2 images, "), out.toString());
        }
        String page = Files.readString(tmp.resolve("index.html"));
        assertTrue(page.contains("lstm/grid.png") && page.contains("relu-rnn/grid.png"), page);
        assertTrue(page.contains("How focused are the explanations?"), page);
        Result wrong = new Result(Main.run(new String[] {"demo", "poems"}, new PrintWriter(new StringWriter()),
                new PrintWriter(err = new StringWriter())), err.toString());
        assertEquals(2, wrong.code());
        assertTrue(wrong.err().contains("unknown demo 'poems'; demos: image (the default), sequence, text"),
                wrong.err());
        Result negative = new Result(Main.run(new String[] {"demo", "--evaluate", "-1"},
                new PrintWriter(new StringWriter()), new PrintWriter(err = new StringWriter())), err.toString());
        assertEquals(2, negative.code());
        assertEquals("lrp: --evaluate must be 0 (none) or more images, got -1", negative.err().strip());
    }

    @Test
    void theTextDemoColoursTheWordsOfDescriptions() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {"demo", "text", "--out", tmp.toString(), "--images", "6"},
                new PrintWriter(out), new PrintWriter(err));
        assertEquals(0, code, err.toString());
        assertTrue(out.toString().startsWith("300 shipped test descriptions, "), out.toString());
        String page = Files.readString(tmp.resolve("index.html"));
        for (String section : io.lrp4j.cli.demo.DebianDescriptions.SECTIONS) {
            assertTrue(page.contains("true: " + section), section + " among the first six");
        }
        assertTrue(page.contains("<span style=\"background:#") && !page.contains("&lt;pad&gt;"),
                "coloured words, no padding");
    }

    @Test
    void focusIsTheShareOfTheLargestFewPercent() {
        org.nd4j.linalg.api.ndarray.INDArray flat = org.nd4j.linalg.factory.Nd4j.ones(1, 100);
        assertEquals(0.05, io.lrp4j.cli.demo.SequenceDemoPage.focus(flat), 1e-12, "spread evenly");
        org.nd4j.linalg.api.ndarray.INDArray one = org.nd4j.linalg.factory.Nd4j.zeros(1, 100);
        one.putScalar(37, -3.0);
        assertEquals(1.0, io.lrp4j.cli.demo.SequenceDemoPage.focus(one), 1e-12, "all on one pixel, either sign");
    }

    record Result(int code, String err) {
    }

    static void assertSize(Path png, int width, int height) throws Exception {
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(width, img.getWidth(), png.toString());
        assertEquals(height, img.getHeight(), png.toString());
    }
}

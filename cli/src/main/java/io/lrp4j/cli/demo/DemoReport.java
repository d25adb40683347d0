package io.lrp4j.cli.demo;

import io.lrp4j.engine.ExplainException;
import io.lrp4j.engine.heatmap.HeatmapOptions;
import io.lrp4j.engine.io.IoReasons;
import io.lrp4j.engine.io.OutputFile;
import io.lrp4j.engine.heatmap.Heatmaps;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Writes the demo's pictures and its HTML report. */
public final class DemoReport {
    /** Screen pixels per input pixel. */
    static final int SCALE = 4;
    static final int GAP = 4;

    private final Path dir;
    private final DemoImages images;
    private final INDArray predicted;
    private final List<DemoResult> results;

    /**
     * @param dir where to write
     * @param images the explained images
     * @param predicted each image's predicted class
     * @param results one per method
     */
    public DemoReport(Path dir, DemoImages images, INDArray predicted, List<DemoResult> results) {
        this.dir = dir;
        this.images = images;
        this.predicted = predicted;
        this.results = results;
    }

    static String inputPng(int row) {
        return String.format("image%02d-input.png", row);
    }

    static String heatmapPng(int row, DemoMethod m) {
        return String.format("image%02d-%s.png", row, m.label());
    }

    /** One PNG per image and method, plus the inputs; returns the grid's cells row by row. */
    BufferedImage[][] writePictures() {
        int n = (int) images.images().size(0);
        BufferedImage[][] cells = new BufferedImage[n][results.size() + 1];
        for (int row = 0; row < n; row++) {
            INDArray image = images.images().get(NDArrayIndex.point(row)).dup();
            cells[row][0] = Heatmaps.grey(image, SCALE);
            Heatmaps.writePng(cells[row][0], dir.resolve(inputPng(row)));
            for (int col = 0; col < results.size(); col++) {
                DemoResult r = results.get(col);
                INDArray relevance = r.explanation().relevance().get(NDArrayIndex.point(row)).dup();
                cells[row][col + 1] = Heatmaps.render(relevance, r.method().colormap(),
                        HeatmapOptions.of(r.method().colormap()).scaled(SCALE));
                Heatmaps.writePng(cells[row][col + 1], dir.resolve(heatmapPng(row, r.method())));
            }
        }
        return cells;
    }

    /** Rows are images, columns the input and then each method. */
    static BufferedImage grid(BufferedImage[][] cells) {
        int cell = cells[0][0].getWidth();
        int cols = cells[0].length;
        BufferedImage grid = new BufferedImage(cols * (cell + GAP) + GAP, cells.length * (cell + GAP) + GAP,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = grid.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
        for (int r = 0; r < cells.length; r++) {
            for (int c = 0; c < cols; c++) {
                g.drawImage(cells[r][c], GAP + c * (cell + GAP), GAP + r * (cell + GAP), null);
            }
        }
        g.dispose();
        return grid;
    }

    /** Writes everything; returns the path of {@code index.html}. */
    public Path write() {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new ExplainException("cannot create " + dir + ": " + IoReasons.of(e, dir), e);
        }
        Heatmaps.writePng(grid(writePictures()), dir.resolve("grid.png"));
        Path index = dir.resolve("index.html");
        OutputFile.write(index, out -> out.write(html().getBytes(StandardCharsets.UTF_8)));
        return index;
    }

    static String percent(double share) {
        return String.format("%.2f%%", 100 * share);
    }

    static String conservation(DemoResult r, int row) {
        return r.method().conserving() ? String.format("%.1e", r.conservationError().getDouble(row)) : "n/a";
    }

    private String html() {
        StringBuilder h = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<title>lrp4j demo</title><style>body{font-family:sans-serif;margin:2em}table{border-collapse:"
                + "collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:center}img{display:block}"
                + "</style></head><body>\n<h1>lrp4j demo: Fashion-MNIST</h1>\n<p>Each row is a test image, each"
                + " column a method; red is relevance for the predicted class, blue against it, white none. The"
                + " first column is the input.</p>\n");
        h.append("<h2>Methods</h2>\n<table><tr><th>method</th><th>command line</th><th>mean conservation error"
                + " |&Sigma;R &minus; score| / |score|</th><th>absorbed by dense and conv layers (bias,"
                + " stabilizer)</th><th>absorbed by pooling</th></tr>\n");
        for (DemoResult r : results) {
            boolean c = r.method().conserving();
            h.append("<tr><td>").append(r.method().label()).append("</td><td><code>").append(escape(r.method().spec()))
                    .append("</code></td><td>")
                    .append(c ? String.format("%.1e", r.conservationError().meanNumber().doubleValue()) : "n/a")
                    .append("</td><td>")
                    .append(c ? percent(r.absorbedByLayers().meanNumber().doubleValue()) : "n/a")
                    .append("</td><td>")
                    .append(c ? percent(r.absorbedByPools().meanNumber().doubleValue()) : "n/a")
                    .append("</td></tr>\n");
        }
        h.append("</table>\n<h2>All images</h2>\n<p><img src=\"grid.png\" alt=\"grid of heatmaps\"></p>\n");
        h.append("<h2>Per image</h2>\n<table><tr><th>#</th><th>true</th><th>predicted</th><th>input</th>");
        for (DemoResult r : results) {
            h.append("<th>").append(r.method().label()).append("<br>conservation error</th>");
        }
        h.append("</tr>\n");
        for (int row = 0; row < images.images().size(0); row++) {
            long truth = images.labels().getLong(row);
            long guess = predicted.getLong(row);
            h.append("<tr><td>").append(images.indices()[row]).append("</td><td>")
                    .append(escape(FashionMnist.CLASSES.get((int) truth))).append("</td><td")
                    .append(truth == guess ? ">" : " style=\"color:#b00\">")
                    .append(escape(FashionMnist.CLASSES.get((int) guess))).append("</td><td><img src=\"")
                    .append(inputPng(row)).append("\" alt=\"input\"></td>");
            for (DemoResult r : results) {
                h.append("<td><img src=\"").append(heatmapPng(row, r.method())).append("\" alt=\"")
                        .append(r.method().label()).append("\">").append(conservation(r, row)).append("</td>");
            }
            h.append("</tr>\n");
        }
        return h.append("</table>\n</body></html>\n").toString();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}

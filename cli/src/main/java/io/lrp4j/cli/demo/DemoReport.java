package io.lrp4j.cli.demo;

import io.lrp4j.engine.ExplainException;
import io.lrp4j.engine.heatmap.ColourBar;
import io.lrp4j.engine.heatmap.Colormap;
import io.lrp4j.engine.heatmap.Figure;
import io.lrp4j.engine.heatmap.HeatmapOptions;
import io.lrp4j.engine.io.IoReasons;
import io.lrp4j.engine.io.OutputFile;
import io.lrp4j.engine.heatmap.Heatmaps;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import io.lrp4j.engine.evaluation.Order;
import io.lrp4j.engine.evaluation.PerturbationCurve;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Writes the demo's pictures and its HTML report. */
public final class DemoReport {
    /** Screen pixels per input pixel. */
    static final int SCALE = 4;

    private final Path dir;
    private final DemoImages images;
    private final INDArray predicted;
    private final List<DemoResult> results;
    private final boolean sharedScale;
    private List<PerturbationCurve> evaluation;
    private String evaluationText;

    /**
     * @param dir where to write
     * @param images the explained images
     * @param predicted each image's predicted class
     * @param results one per method
     * @param sharedScale whether the tiles of one method share one colour scale (else each has its own)
     */
    public DemoReport(Path dir, DemoImages images, INDArray predicted, List<DemoResult> results,
            boolean sharedScale) {
        this.dir = dir;
        this.images = images;
        this.predicted = predicted;
        this.results = results;
        this.sharedScale = sharedScale;
    }

    /**
     * Adds a section with a region-perturbation comparison whose files ({@code evaluation/curves.png}, ...) are
     * written beside the report.
     *
     * @param curves every method's MoRF and LeRF curves, random last
     * @param text what was measured, one paragraph
     */
    public DemoReport evaluation(List<PerturbationCurve> curves, String text) {
        this.evaluation = curves;
        this.evaluationText = text;
        return this;
    }

    /** The relevance each method's full colour stands for: its largest over the images, or 0 for each tile's own. */
    private double range(DemoResult r) {
        if (!sharedScale) {
            return 0;
        }
        return Heatmaps.rangeOfRows(r.explanation().relevance(), r.method().colormap());
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
                        HeatmapOptions.of(r.method().colormap()).scaled(SCALE).range(range(r)));
                Heatmaps.writePng(cells[row][col + 1], dir.resolve(heatmapPng(row, r.method())));
            }
        }
        return cells;
    }

    /**
     * Rows are images, labelled with their true and predicted class; columns the input and then each method, named
     * over it (with its range when the tiles of a column share one); the colour bar says which.
     */
    BufferedImage grid(BufferedImage[][] cells) {
        List<String> columns = new ArrayList<>(List.of("input"));
        for (DemoResult r : results) {
            columns.add(r.method().label() + (sharedScale ? String.format(Locale.ROOT, "\nmax |R| %.3g", range(r))
                    : ""));
        }
        List<String> rows = new ArrayList<>();
        for (int row = 0; row < cells.length; row++) {
            rows.add("true: " + FashionMnist.CLASSES.get((int) images.labels().getLong(row)) + "\npredicted: "
                    + FashionMnist.CLASSES.get((int) predicted.getLong(row)));
        }
        Colormap colormap = results.get(0).method().colormap();
        ColourBar bar = sharedScale
                ? new ColourBar(colormap, "-max", "0", "+max", "the tiles of one method share one scale: its largest"
                        + " |R| over these images, given over its column")
                : ColourBar.own(colormap, "tile");
        return Figure.grid(cells, columns, rows, bar);
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

    static String number(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
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
        h.append("<h2>Methods</h2>\n<p>Signed means over the images, which add up: score = relevance sum + absorbed"
                + " by layers with weights (dense, convolution, recurrent: biases, stabilizers) + absorbed by pooling."
                + " The last column,"
                + " apart, is the mean <em>absolute</em> conservation error. Gradient methods start from 1, not from"
                + " the score, so their relevance does not add up to it.</p>\n<table><tr><th>method</th>"
                + "<th>command line</th><th>score</th><th>relevance sum</th><th>absorbed by weighted layers</th>"
                + "<th>absorbed by pooling</th><th>mean |&Sigma;R &minus; score| / |score|</th></tr>\n");
        for (DemoResult r : results) {
            boolean c = r.method().conserving();
            h.append("<tr><td>").append(r.method().label()).append("</td><td><code>").append(escape(r.method().spec()))
                    .append("</code></td><td>")
                    .append(number(r.explanation().targetScores().meanNumber().doubleValue()))
                    .append("</td><td>").append(number(r.explanation().relevanceSums().meanNumber().doubleValue()))
                    .append("</td><td>")
                    .append(c ? number(r.absorbedByLayers().meanNumber().doubleValue()) : "n/a")
                    .append("</td><td>")
                    .append(c ? number(r.absorbedByPools().meanNumber().doubleValue()) : "n/a")
                    .append("</td><td>")
                    .append(c ? String.format(Locale.ROOT, "%.1e", r.conservationError().meanNumber().doubleValue())
                            : "n/a")
                    .append("</td></tr>\n");
        }
        h.append("</table>\n<h2>All images</h2>\n<p><img src=\"grid.png\" alt=\"grid of heatmaps\"></p>\n");
        if (evaluation != null) {
            evaluationSection(h);
        }
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

    /** The AOPC table and the curves. */
    private void evaluationSection(StringBuilder h) {
        h.append("<h2>Which explanation is right?</h2>\n<p>").append(escape(evaluationText)).append("</p>\n")
                .append("<table><tr><th>method</th><th>AOPC MoRF (&plusmn; s.e.)</th><th>AOPC LeRF (&plusmn; s.e.)"
                        + "</th></tr>\n");
        for (String name : PerturbationCurve.methods(evaluation)) {
            PerturbationCurve m = PerturbationCurve.find(evaluation, name, Order.MORF);
            PerturbationCurve l = PerturbationCurve.find(evaluation, name, Order.LERF);
            h.append("<tr><td>").append(escape(name)).append("</td><td>")
                    .append(String.format(Locale.ROOT, "%.2f &plusmn; %.2f", m.aopc(), m.standardError()))
                    .append("</td><td>")
                    .append(String.format(Locale.ROOT, "%.2f &plusmn; %.2f", l.aopc(), l.standardError()))
                    .append("</td></tr>\n");
        }
        h.append("</table>\n<p><img src=\"evaluation/curves.png\" alt=\"perturbation curves\"></p>\n");
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}

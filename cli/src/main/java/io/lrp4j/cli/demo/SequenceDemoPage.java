package io.lrp4j.cli.demo;

import io.lrp4j.engine.io.OutputFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The sequence demo's front page: the LSTM's and the ReLU RNN's grids side by side (each model's own report is in
 * its folder), and how focused each method's explanations are on each model: the share of the absolute relevance
 * that the top 5% of pixels carry, averaged over the images. The thesis asked which recurrent architecture gives the
 * more focused explanations; this is one number for it, next to the pictures.
 */
public final class SequenceDemoPage {
    /** The share of pixels whose relevance counts as the focus. */
    static final double TOP = 0.05;

    /**
     * One model's results.
     *
     * @param label its folder and name
     * @param results one per method
     */
    public record Model(String label, List<DemoResult> results) {
    }

    private final Path dir;
    private final DemoImages images;
    private final List<Model> models;

    /**
     * @param dir where the models' folders are and the page goes
     * @param images the explained images
     * @param models the models, each written to {@code dir/label}
     */
    public SequenceDemoPage(Path dir, DemoImages images, List<Model> models) {
        this.dir = dir;
        this.images = images;
        this.models = models;
    }

    /** The mean over rows of the share of |R| in each row's top {@link #TOP} of values. */
    public static double focus(INDArray relevance) {
        long rows = relevance.size(0);
        INDArray abs = Transforms.abs(relevance.reshape(rows, relevance.length() / rows).castTo(DataType.DOUBLE));
        long top = Math.max(1, Math.round(TOP * abs.size(1)));
        INDArray sorted = Nd4j.sort(abs, 1, false);
        INDArray share = sorted.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, top)).sum(1).divi(abs.sum(1).addi(1e-300));
        return share.meanNumber().doubleValue();
    }

    /** Writes {@code index.html}; returns its path. */
    public Path write() {
        StringBuilder h = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<title>lrp4j sequence demo</title><style>body{font-family:sans-serif;margin:2em}table{border-"
                + "collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:center;vertical-align:"
                + "top}img{max-width:100%}</style></head><body>\n<h1>lrp4j sequence demo: Fashion-MNIST read row by"
                + " row</h1>\n<p>Two recurrent classifiers read each test image as a sequence: 28 time steps, the"
                + " image's rows from top to bottom, each step the row's 28 pixels. Relevance over steps and pixels is"
                + " laid back out as the image. Red is relevance for the predicted class, blue against it.</p>\n");
        h.append("<h2>How focused are the explanations?</h2>\n<p>Share of the absolute relevance in the top ")
                .append(Math.round(TOP * 100)).append("% of pixels, mean over the ").append(images.indices().length)
                .append(" images (1 = all of it on a few pixels; ").append(Math.round(TOP * 100))
                .append("% = spread evenly).</p>\n<table><tr><th>method</th>");
        models.forEach(m -> h.append("<th>").append(m.label()).append("</th>"));
        h.append("</tr>\n");
        List<DemoResult> first = models.get(0).results();
        for (int k = 0; k < first.size(); k++) {
            h.append("<tr><td>").append(first.get(k).method().label()).append("</td>");
            for (Model m : models) {
                h.append("<td>").append(String.format(Locale.ROOT, "%.1f%%",
                        100 * focus(m.results().get(k).explanation().relevance()))).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n<h2>Side by side</h2>\n<table><tr>");
        models.forEach(m -> h.append("<th><a href=\"").append(m.label()).append("/index.html\">").append(m.label())
                .append("</a></th>"));
        h.append("</tr><tr>");
        models.forEach(m -> h.append("<td><img src=\"").append(m.label()).append("/grid.png\" alt=\"")
                .append(m.label()).append(" grid\"></td>"));
        h.append("</tr></table>\n</body></html>\n");
        Path index = dir.resolve("index.html");
        OutputFile.write(index, out -> out.write(h.toString().getBytes(StandardCharsets.UTF_8)));
        return index;
    }
}

package io.lrp4j.cli;

import io.lrp4j.engine.ExplainException;
import io.lrp4j.engine.heatmap.Colormap;
import io.lrp4j.engine.heatmap.Figure;
import io.lrp4j.engine.heatmap.HeatmapOptions;
import io.lrp4j.engine.heatmap.Heatmaps;
import io.lrp4j.engine.io.Npy;
import io.lrp4j.engine.io.NpyRowReader;
import io.lrp4j.engine.summary.ClassMeans;
import io.lrp4j.engine.summary.ClassSamples;
import io.lrp4j.engine.summary.SpectralClusters;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What {@code ./lrp summarize} (and {@code ./lrp spark summarize}) writes from a data set's class means and heatmap
 * samples: {@code class-means.png}, {@code class-means.npy}, {@code class-mean-abs.npy}, and each class's spectral
 * relevance analysis, printed and drawn in {@code clusters-C.png}.
 */
public final class SummaryReport {
    /** Each heatmap's neighbours in the graph, the most groups, and the seed of k-means, for SpRAy. */
    private static final int NEIGHBOURS = 10;
    private static final int MOST_CLUSTERS = 8;
    private static final long SEED = 2019;
    /** Members shown per group. */
    private static final int MEMBERS = 4;

    private SummaryReport() {
    }

    /**
     * Writes the summary to {@code out} and prints its tables.
     *
     * @param names the class names
     * @param input the {@code .npy} input, whose rows the cluster pictures show; null to show none
     * @param perClass heatmaps per class clustered; 0 for no clustering
     * @param pool the side of the patches images' heatmaps are compared in
     */
    public static void write(Path out, ClassMeans means, ClassSamples samples, List<String> names, Path input,
            int perClass, int pool, PrintWriter print) {
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new ExplainException("cannot create " + out + ": " + e.getMessage(), e);
        }
        Npy.write(out.resolve("class-means.npy"), means.means());
        Npy.write(out.resolve("class-mean-abs.npy"), means.meanAbsolutes());
        List<BufferedImage[]> cells = new ArrayList<>();
        List<String> rowLabels = new ArrayList<>();
        print.printf(Locale.ROOT, "%-24s %8s%n", "class", "rows");
        for (int c = 0; c < means.classes(); c++) {
            print.printf(Locale.ROOT, "%-24s %8d%n", names.get(c), means.count(c));
            if (means.count(c) == 0) {
                continue;
            }
            cells.add(new BufferedImage[] {
                Heatmaps.render(means.mean(c), Colormap.DIVERGING, HeatmapOptions.of(Colormap.DIVERGING).scaled(4)),
                Heatmaps.render(means.meanAbsolute(c), Colormap.SEQUENTIAL,
                        HeatmapOptions.of(Colormap.SEQUENTIAL).scaled(4))});
            rowLabels.add(names.get(c) + " (" + means.count(c) + ")");
        }
        Heatmaps.writePng(Figure.grid(cells.toArray(BufferedImage[][]::new), List.of("mean relevance",
                "mean |relevance|"), rowLabels, null), out.resolve("class-means.png"));
        if (perClass > 0) {
            clusters(out, samples, means, names, input, perClass, pool, print);
        }
    }

    /**
     * Spectral relevance analysis of each class with enough heatmaps: the groups the eigengap gives, printed with
     * their sizes, and {@code DIR/clusters-C.png}: a row per group, its mean heatmap and a few of its inputs.
     */
    private static void clusters(Path out, ClassSamples samples, ClassMeans means, List<String> names, Path input,
            int perClass, int pool, PrintWriter print) {
        SpectralClusters spray = new SpectralClusters(NEIGHBOURS, MOST_CLUSTERS, SEED);
        print.println("Spectral relevance analysis (SpRAy): groups of each class's first " + perClass
                + " heatmaps, by the eigengap");
        try (NpyRowReader reader = input == null ? null : NpyRowReader.open(input)) {
            for (int c = 0; c < means.classes(); c++) {
                INDArray maps = samples.heatmaps(c);
                if (maps == null || maps.size(0) <= 2 * NEIGHBOURS) {
                    continue;
                }
                SpectralClusters.Result r = spray.of(ClassSamples.downsampled(maps, pool));
                print.printf(Locale.ROOT, "%-24s %d group%s: %s; eigenvalues %s%n", names.get(c), r.clusters(),
                        r.clusters() == 1 ? "" : "s", java.util.Arrays.toString(r.sizes()),
                        java.util.Arrays.stream(r.eigenvalues()).limit(r.clusters() + 2)
                                .mapToObj(v -> String.format(Locale.ROOT, "%.3f", v))
                                .collect(java.util.stream.Collectors.joining(" ")));
                long[] rows = samples.rows(c);
                List<BufferedImage[]> cells = new ArrayList<>();
                List<String> labels = new ArrayList<>();
                boolean images = maps.rank() == 4 && reader != null;
                for (int g = 0; g < r.clusters(); g++) {
                    List<Integer> members = new ArrayList<>();
                    for (int i = 0; i < r.assignment().length; i++) {
                        if (r.assignment()[i] == g) {
                            members.add(i);
                        }
                    }
                    INDArray mean = Nd4j.pullRows(maps.reshape(maps.size(0), maps.length() / maps.size(0)), 1,
                            members.stream().mapToInt(Integer::intValue).toArray()).mean(0)
                            .reshape(java.util.Arrays.copyOfRange(maps.shape(), 1, maps.rank()));
                    BufferedImage[] row = new BufferedImage[images ? 1 + MEMBERS : 1];
                    row[0] = Heatmaps.render(mean, Colormap.DIVERGING, HeatmapOptions.of(Colormap.DIVERGING)
                            .scaled(4));
                    for (int k = 1; k < row.length; k++) {
                        row[k] = k <= members.size()
                                ? Heatmaps.grey(Uint8Range.UNIT.apply(reader.read(rows[members.get(k - 1)], 1))
                                        .slice(0), 4)
                                : new BufferedImage(row[0].getWidth(), row[0].getHeight(), BufferedImage.TYPE_INT_RGB);
                        if (k > members.size()) {
                            java.awt.Graphics2D white = row[k].createGraphics();
                            white.setColor(java.awt.Color.WHITE);
                            white.fillRect(0, 0, row[k].getWidth(), row[k].getHeight());
                            white.dispose();
                        }
                    }
                    cells.add(row);
                    labels.add("group " + (g + 1) + " (" + members.size() + ")");
                }
                List<String> columns = new ArrayList<>(List.of("mean relevance"));
                for (int k = 1; k < cells.get(0).length; k++) {
                    columns.add("member " + k);
                }
                Heatmaps.writePng(Figure.grid(cells.toArray(BufferedImage[][]::new), columns, labels, null),
                        out.resolve("clusters-" + c + ".png"));
            }
        }
    }
}

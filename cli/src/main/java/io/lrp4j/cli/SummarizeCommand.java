package io.lrp4j.cli;

import io.lrp4j.engine.BlockExplainer;
import io.lrp4j.engine.ExplainException;
import io.lrp4j.engine.Explainer;
import io.lrp4j.engine.MethodSpec;
import io.lrp4j.engine.Target;
import io.lrp4j.engine.heatmap.Colormap;
import io.lrp4j.engine.heatmap.Figure;
import io.lrp4j.engine.heatmap.HeatmapOptions;
import io.lrp4j.engine.heatmap.Heatmaps;
import io.lrp4j.engine.io.ModelFiles;
import io.lrp4j.engine.io.Npy;
import io.lrp4j.engine.io.NpyRowReader;
import io.lrp4j.engine.summary.ClassMeans;
import io.lrp4j.engine.summary.ClassSamples;
import io.lrp4j.engine.summary.SpectralClusters;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lrp summarize}: what a data set's explanations say together, per class. */
@Command(name = "summarize", mixinStandardHelpOptions = true,
        description = {"What a data set's explanations say together: explains every row (in blocks, as explain",
            "--batch-size does) and writes, for each class the model predicts, the mean relevance map and the mean",
            "absolute one: DIR/class-means.png (a row per class), DIR/class-means.npy and DIR/class-mean-abs.npy",
            "[classes, ...one row's shape]; then a spectral relevance analysis (SpRAy) of each class's heatmaps: how",
            "many groups (strategies) the eigengap finds, their sizes, and DIR/clusters-C.png with each group's mean",
            "heatmap and a few of its inputs."},
        footer = {"", "Example:",
            "  ./lrp summarize --model m.zip --input x.npy --method epsilon-plus --labels classes.txt --out summary"})
public final class SummarizeCommand extends BaseCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    PluginOptions plugins;

    @Option(names = "--model", required = true, paramLabel = "M.zip|M.h5", description = "The model, as explain takes it.")
    Path model;

    @Option(names = "--input", required = true, paramLabel = "X.npy", description = "The rows to explain, [N, ...].")
    Path input;

    @Option(names = "--method", defaultValue = "epsilon-plus", paramLabel = "METHOD",
            description = "A composite, gradient, gradient-x-input, a rule for every layer, or lrp:SEL=SPEC;..."
                    + " (default epsilon-plus), as evaluate's --method takes it.")
    String method;

    @Option(names = "--labels", paramLabel = "L.txt", description = "Class names, one per line (default: class 0, ...).")
    Path labels;

    @Option(names = "--batch-size", defaultValue = "256", paramLabel = "N",
            description = "Rows explained at once (default 256); memory stays bounded however many rows there are.")
    int batchSize;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where the maps and the picture go.")
    Path out;

    @Option(names = "--per-class", defaultValue = "500", paramLabel = "M",
            description = "Spectral relevance analysis: the first M heatmaps of each class are clustered (default 500;"
                    + " 0 skips it).")
    int perClass;

    @Option(names = "--pool", defaultValue = "2", paramLabel = "P",
            description = "Spectral relevance analysis: images' heatmaps are compared in P x P patches (default 2).")
    int pool;

    /** Each heatmap's neighbours in the graph, the most groups, and the seed of k-means, for SpRAy. */
    private static final int NEIGHBOURS = 10;
    private static final int MOST_CLUSTERS = 8;
    private static final long SEED = 2019;
    /** Members shown per group. */
    private static final int MEMBERS = 4;

    @Override
    public Integer call() {
        Explainer explainer = MethodSpec.explainer(ModelFiles.loadAny(model), plugins.scan(spec.commandLine()
                .getErr()), method);
        warn(explainer);
        ClassMeans means = new ClassMeans();
        ClassSamples samples = new ClassSamples(Math.max(0, perClass));
        long rows;
        try (NpyRowReader reader = NpyRowReader.open(input)) {
            rows = reader.shape()[0];
            Progress bar = Progress.start(spec.commandLine().getErr(), "explaining", rows);
            new BlockExplainer(explainer, batchSize, BlockExplainer.AUTO).explainEach(rows,
                    (from, n) -> Uint8Range.UNIT.apply(reader.read(from, n)), Target.argmax(), (from, e) -> {
                        means.add(e);
                        if (perClass > 0) {
                            samples.add(from, e);
                        }
                        bar.advance(e.relevance().size(0));
                    });
            bar.finish();
        }
        if (means.classes() == 0) {
            throw new ExplainException(input + " holds no rows");
        }
        List<String> names = ClassNames.of(labels, means.classes());
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new ExplainException("cannot create " + out + ": " + e.getMessage(), e);
        }
        Npy.write(out.resolve("class-means.npy"), means.means());
        Npy.write(out.resolve("class-mean-abs.npy"), means.meanAbsolutes());
        List<BufferedImage[]> cells = new ArrayList<>();
        List<String> rowLabels = new ArrayList<>();
        out().printf(Locale.ROOT, "%-24s %8s%n", "class", "rows");
        for (int c = 0; c < means.classes(); c++) {
            out().printf(Locale.ROOT, "%-24s %8d%n", names.get(c), means.count(c));
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
            clusters(samples, means, names);
        }
        out().println("wrote " + out.resolve("class-means.png") + ", " + out.resolve("class-means.npy") + " and "
                + out.resolve("class-mean-abs.npy") + " (" + rows + " rows, method " + method + ", each map on its own"
                + " colour scale)");
        return 0;
    }

    /**
     * Spectral relevance analysis of each class with enough heatmaps: the groups the eigengap gives, printed with
     * their sizes, and {@code DIR/clusters-C.png}: a row per group, its mean heatmap and a few of its inputs.
     */
    private void clusters(ClassSamples samples, ClassMeans means, List<String> names) {
        SpectralClusters spray = new SpectralClusters(NEIGHBOURS, MOST_CLUSTERS, SEED);
        out().println("Spectral relevance analysis (SpRAy): groups of each class's first " + perClass
                + " heatmaps, by the eigengap");
        try (NpyRowReader reader = NpyRowReader.open(input)) {
            for (int c = 0; c < means.classes(); c++) {
                INDArray maps = samples.heatmaps(c);
                if (maps == null || maps.size(0) <= 2 * NEIGHBOURS) {
                    continue;
                }
                SpectralClusters.Result r = spray.of(ClassSamples.downsampled(maps, pool));
                out().printf(Locale.ROOT, "%-24s %d group%s: %s; eigenvalues %s%n", names.get(c), r.clusters(),
                        r.clusters() == 1 ? "" : "s", java.util.Arrays.toString(r.sizes()),
                        java.util.Arrays.stream(r.eigenvalues()).limit(r.clusters() + 2)
                                .mapToObj(v -> String.format(Locale.ROOT, "%.3f", v))
                                .collect(java.util.stream.Collectors.joining(" ")));
                long[] rows = samples.rows(c);
                List<BufferedImage[]> cells = new ArrayList<>();
                List<String> labels = new ArrayList<>();
                boolean images = maps.rank() == 4;
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

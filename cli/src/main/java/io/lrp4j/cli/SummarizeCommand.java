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
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lrp summarize}: what a data set's explanations say together, per class. */
@Command(name = "summarize", mixinStandardHelpOptions = true,
        description = {"What a data set's explanations say together: explains every row (in blocks, as explain",
            "--batch-size does) and writes, for each class the model predicts, the mean relevance map and the mean",
            "absolute one: DIR/class-means.png (a row per class), DIR/class-means.npy and DIR/class-mean-abs.npy",
            "[classes, ...one row's shape]."},
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

    @Override
    public Integer call() {
        Explainer explainer = MethodSpec.explainer(ModelFiles.loadAny(model), plugins.scan(spec.commandLine()
                .getErr()), method);
        warn(explainer);
        ClassMeans means = new ClassMeans();
        long rows;
        try (NpyRowReader reader = NpyRowReader.open(input)) {
            rows = reader.shape()[0];
            Progress bar = Progress.start(spec.commandLine().getErr(), "explaining", rows);
            new BlockExplainer(explainer, batchSize, BlockExplainer.AUTO).explainEach(rows,
                    (from, n) -> Uint8Range.UNIT.apply(reader.read(from, n)), Target.argmax(), (from, e) -> {
                        means.add(e);
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
        out().println("wrote " + out.resolve("class-means.png") + ", " + out.resolve("class-means.npy") + " and "
                + out.resolve("class-mean-abs.npy") + " (" + rows + " rows, method " + method + ", each map on its own"
                + " colour scale)");
        return 0;
    }
}

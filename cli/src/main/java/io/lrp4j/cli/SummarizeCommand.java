package io.lrp4j.cli;

import io.lrp4j.engine.BlockExplainer;
import io.lrp4j.engine.ExplainException;
import io.lrp4j.engine.Explainer;
import io.lrp4j.engine.MethodSpec;
import io.lrp4j.engine.Target;
import io.lrp4j.engine.io.ModelFiles;
import io.lrp4j.engine.io.NpyRowReader;
import io.lrp4j.engine.summary.ClassMeans;
import io.lrp4j.engine.summary.ClassSamples;
import java.nio.file.Path;
import java.util.concurrent.Callable;
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
        SummaryReport.write(out, means, samples, ClassNames.of(labels, means.classes()), input, perClass, pool,
                out());
        out().println("wrote " + out.resolve("class-means.png") + ", " + out.resolve("class-means.npy") + " and "
                + out.resolve("class-mean-abs.npy") + " (" + rows + " rows, method " + method + ", each map on its own"
                + " colour scale)");
        return 0;
    }

}

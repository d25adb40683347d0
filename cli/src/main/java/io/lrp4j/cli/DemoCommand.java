package io.lrp4j.cli;

import io.lrp4j.cli.demo.DemoImages;
import io.lrp4j.cli.demo.DemoKind;
import io.lrp4j.cli.demo.DemoMethod;
import io.lrp4j.cli.demo.DemoReport;
import io.lrp4j.cli.demo.DemoResult;
import io.lrp4j.cli.demo.FashionMnist;
import io.lrp4j.cli.demo.SequenceDemoPage;
import io.lrp4j.cli.demo.ShippedDemo;
import io.lrp4j.engine.ExplainException;
import io.lrp4j.engine.Explainer;
import io.lrp4j.engine.Explanation;
import io.lrp4j.engine.Target;
import io.lrp4j.engine.evaluation.PerturbationCurve;
import io.lrp4j.engine.evaluation.RegionPerturbation;
import io.lrp4j.engine.evaluation.Replacement;
import io.lrp4j.engine.io.ModelFiles;
import io.lrp4j.engine.registry.RuleRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lrp demo}: a dozen Fashion-MNIST test images explained six ways by the CNN, as pictures and a report; or,
 * with {@code sequence}, by the two recurrent classifiers that read each image row by row, side by side.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Explains a dozen Fashion-MNIST test images with six methods and writes heatmaps, a grid and"
                + " an HTML report. Runs offline with the shipped model and test images.",
        footer = {"", "Examples:",
                "  ./lrp demo",
                "  ./lrp demo --out /tmp/demo --images 20",
                "  ./lrp demo --data /usr/share/datasets/fashion-mnist   # pick from the full test set",
                "  ./lrp demo sequence                                   # an LSTM and a ReLU RNN, row by row",
                "  ./lrp demo text                                       # words coloured by relevance"})
public final class DemoCommand extends BaseCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    PluginOptions plugins;

    @picocli.CommandLine.Parameters(index = "0", arity = "0..1", defaultValue = "image", paramLabel = "DEMO",
            description = "image (the default): the CNN; sequence: an LSTM and a ReLU RNN that read each image row by"
                    + " row, 28 time steps of 28 pixels; text: an LSTM that classifies Debian package descriptions.")
    String which;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "lrp-demo",
            description = "Where to write the pictures and index.html (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--data", paramLabel = "DIR",
            description = "A folder with the full Fashion-MNIST IDX files, e.g. " + "/usr/share/datasets/fashion-mnist;"
                    + " default: the shipped test subset.")
    Path data;

    @Option(names = "--model", paramLabel = "M.zip", description = "Another model for 1x28x28 input "
            + "(default: the shipped one).")
    Path model;

    @Option(names = "--images", defaultValue = "12", description = "How many test images (default: 12).")
    int count;

    @Option(names = "--shared-scale", description = "In grid.png, one colour scale per method (its largest |R| over"
            + " the images) instead of one per tile; the picture says which.")
    boolean sharedScale;

    @Option(names = "--evaluate", defaultValue = "100", paramLabel = "N",
            description = "Region perturbation of every method on the first N test images for the report's"
                    + " evaluation section (2x2 regions set to zero, 10 steps; default: ${DEFAULT-VALUE}; 0 skips it).")
    int evaluate;

    /** The demo's evaluation: 2x2 regions replaced by black, the images' own background, in 10 steps. */
    private static final int EVALUATION_REGION = 2;
    private static final int EVALUATION_STEPS = 10;
    private static final int EVALUATION_SEEDS = 3;

    @Override
    public Integer call() {
        if (evaluate < 0) {
            throw new ExplainException("--evaluate must be 0 (none) or more images, got " + evaluate);
        }
        if (count < 1) {
            throw new ExplainException("--images must be at least 1");
        }
        if (!which.equals("image") && !which.equals("sequence") && !which.equals("text")) {
            throw new ExplainException("unknown demo '" + which + "'; demos: image (the default), sequence, text");
        }
        if (which.equals("text")) {
            Path dir = out.equals(Path.of("lrp-demo")) ? Path.of("lrp-demo-text") : out;
            Path page = io.lrp4j.cli.demo.TextDemo.run(dir, count, plugins.scan(spec.commandLine().getErr()),
                    out());
            out().println("open " + page.toAbsolutePath());
            return 0;
        }
        if (!which.equals("image") && model != null) {
            throw new ExplainException("--model goes with the image demo; the " + which + " demo explains its shipped"
                    + " models");
        }
        FashionMnist.Split split = data == null ? ShippedDemo.testSubset() : FashionMnist.load(data, false, 0);
        DemoImages images = DemoImages.pick(split, count);
        if (images.indices().length < count) {
            out().println("--images " + count + ": only " + images.indices().length + " test images are available"
                    + (data == null ? " in the shipped subset (--data DIR picks from the full test set)" : "")
                    + "; explaining " + images.indices().length);
        }
        RuleRegistry registry = plugins.scan(spec.commandLine().getErr());
        if (which.equals("image")) {
            MultiLayerNetwork net = model == null ? ShippedDemo.model() : ModelFiles.load(model);
            List<DemoResult> results = explainAll(net, DemoKind.CNN, DemoMethod.ALL, images, registry);
            DemoReport report = new DemoReport(out, images, results.get(0).explanation().targets(), results,
                    sharedScale);
            summary(images, results);
            if (evaluate > 0) {
                long rows = Math.min(evaluate, split.images().size(0));
                report.evaluation(evaluation(net, split, rows, registry), evaluationSummary(rows));
            }
            Path index = report.write();
            out().println("open " + index.toAbsolutePath());
            return 0;
        }
        Path dir = out.equals(Path.of("lrp-demo")) ? Path.of("lrp-demo-sequence") : out;
        List<SequenceDemoPage.Model> models = new ArrayList<>();
        for (DemoKind kind : List.of(DemoKind.LSTM_ROWS, DemoKind.RELU_RNN_ROWS)) {
            List<DemoResult> results = explainAll(ShippedDemo.model(kind), kind, DemoMethod.SEQUENCE, images,
                    registry);
            new DemoReport(dir.resolve(kind.label()), images, results.get(0).explanation().targets(), results,
                    sharedScale).write();
            out().println(kind.label() + ":");
            summary(images, results);
            models.add(new SequenceDemoPage.Model(kind.label(), results));
        }
        Path index = new SequenceDemoPage(dir, images, models).write();
        out().println("open " + index.toAbsolutePath());
        return 0;
    }

    /** Region perturbation of every method on the first {@code rows} test images; writes its files. */
    private List<PerturbationCurve> evaluation(MultiLayerNetwork net, FashionMnist.Split split, long rows,
            RuleRegistry registry) {
        INDArray x = split.images().get(NDArrayIndex.interval(0, rows)).castTo(net.params().dataType());
        List<String> names = new ArrayList<>();
        List<Explainer> explainers = new ArrayList<>();
        for (DemoMethod m : DemoMethod.ALL) {
            names.add(m.label());
            explainers.add(m.explainer(net, registry));
        }
        RegionPerturbation perturbation = new RegionPerturbation(explainers.get(0), EVALUATION_REGION,
                EVALUATION_STEPS, 512);
        long regions = perturbation.regionRelevance(x).size(1);
        out().println();
        out().printf(Locale.ROOT, "Region perturbation, first %d test images (2x2 regions set to zero, %d steps):%n",
                rows, EVALUATION_STEPS);
        List<PerturbationCurve> curves = AopcRun.curves(names, explainers, x, Target.argmax(), perturbation,
                Replacement.ZERO.replacing(x, 0), regions, EVALUATION_SEEDS, (name, e) -> { });
        AopcRun.write(out.resolve("evaluation"), curves, out());
        return curves;
    }

    private static String evaluationSummary(long rows) {
        return String.format(Locale.ROOT, "Region perturbation (Samek et al. 2017) on the first %d test images: each"
                + " image's 2x2 regions, ordered by each method's relevance, set to zero (black, the images' own"
                + " background) over %d steps, most relevant first (MoRF: a large area over the curve is good) and"
                + " least relevant first (LeRF: a small one is good), against %d random orderings. ./lrp evaluate"
                + " runs the same on any model and input.", rows, EVALUATION_STEPS, EVALUATION_SEEDS);
    }

    /**
     * Every method's explanation of the images by one model, with the relevance in the images' own layout: a model
     * that reads rows gets them as steps, and its relevance over steps and pixels is laid back out as rows.
     */
    private List<DemoResult> explainAll(MultiLayerNetwork net, DemoKind kind, List<DemoMethod> methods,
            DemoImages images, RuleRegistry registry) {
        Progress bar = Progress.start(spec.commandLine().getErr(), "explaining (" + kind.label() + ")",
                methods.size());
        List<DemoResult> results = new ArrayList<>();
        for (DemoMethod m : methods) {
            Explanation e = m.explainer(net, registry).explain(kind.input(images.images()));
            if (kind.sequential()) {
                INDArray rows = e.relevance().permute(0, 2, 1).dup('c').reshape(images.images().shape());
                e = new Explanation(rows, e.scores(), e.targets(), e.stages());
            }
            results.add(DemoResult.of(m, e));
            bar.advance(1);
        }
        bar.finish();
        return results;
    }

    private void summary(DemoImages images, List<DemoResult> results) {
        long correct = images.labels().eq(results.get(0).explanation().targets()).castTo(
                org.nd4j.linalg.api.buffer.DataType.INT32).sumNumber().longValue();
        out().printf("%d images, %d classified right%n%n", images.labels().length(), correct);
        out().println("Signed means over the images: score = relevance sum + absorbed by layers with weights (dense,"
                + " conv, recurrent) + absorbed by pools;"
                + " then, apart, the mean absolute conservation error |sum R - score| / |score|.");
        out().printf("%-22s %9s   %13s   %27s   %17s   %s%n", "method", "score", "relevance sum",
                "absorbed by weighted layers", "absorbed by pools", "mean |sum R - score| / |score|");
        for (DemoResult r : results) {
            double score = r.explanation().targetScores().meanNumber().doubleValue();
            double sum = r.explanation().relevanceSums().meanNumber().doubleValue();
            if (r.method().conserving()) {
                out().printf(Locale.ROOT, "%-22s %9.4f = %13.4f + %27.4f + %17.4f   %.1e%n", r.method().label(), score,
                        sum, r.absorbedByLayers().meanNumber().doubleValue(),
                        r.absorbedByPools().meanNumber().doubleValue(),
                        r.conservationError().meanNumber().doubleValue());
            } else {
                out().printf(Locale.ROOT, "%-22s %9.4f   %13.4f   (a gradient: it starts from 1, not from the score)%n",
                        r.method().label(), score, sum);
            }
        }
        out().println();
    }
}

package io.lrp4j.cli;

import io.lrp4j.engine.BlockExplainer;
import io.lrp4j.engine.ExplainException;
import io.lrp4j.engine.Explainer;
import io.lrp4j.engine.Explanation;
import io.lrp4j.engine.Method;
import io.lrp4j.engine.PathSettings;
import io.lrp4j.engine.Target;
import io.lrp4j.engine.heatmap.Colormap;
import io.lrp4j.engine.heatmap.HeatmapOptions;
import io.lrp4j.engine.heatmap.Heatmaps;
import io.lrp4j.engine.io.IoReasons;
import io.lrp4j.engine.io.ModelFiles;
import io.lrp4j.engine.io.Npy;
import io.lrp4j.engine.io.NpyRowReader;
import io.lrp4j.engine.io.NpyRowWriter;
import io.lrp4j.engine.registry.RuleRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lrp explain}: relevance for every row of a {@code .npy} input. */
@Command(name = "explain", mixinStandardHelpOptions = true,
        customSynopsis = {
            "Usage: lrp explain --model=M.zip|M.h5 --input=X.npy [--mask=MASK.npy] --out=R.npy [--output=NAME] [--time-step=T]",
            "                   (a graph with several inputs: --input=NAME=X.npy for each; --out=R.npy writes R-NAME.npy)",
            "                   (--composite=SPEC | --rule=[SELECTOR=]SPEC... | --method=METHOD)",
            "                   [--target=argmax|INDEX] [--heatmap=H.png [--overlay] [--shared-scale]]",
            "                   [--report=REPORT.csv] [--vocab=V.txt --html=PAGE.html] [--per-dimension] [--uint8=unit|raw]",
            "                   [--batch-size=N [--threads=N]]",
            "                   [--steps=N --quadrature=riemann|gauss-legendre --baseline=V|B.npy",
            "                    | --samples=N --noise=F --seed=S --squared | --window=N --stride=N --baseline=V]",
            "                   [--internal-batch-size=N]",
            "                   [--strict-plugins] [--verbose] [-hV]",
            "With --method lrp (the default) a --composite or at least one --rule is required; the gradient methods",
            "take neither."},
        description = "Writes the relevance of every input value for each row's target class.",
        footer = {"", "Examples:",
                "  ./lrp explain --model m.zip --input x.npy --out r.npy --composite epsilon-plus",
                "  ./lrp explain --model m.zip --input x.npy --out r.npy --rule conv=z+ --rule 'dense=epsilon(epsilon=0.1)'",
                "  ./lrp explain --model m.zip --input x.npy --out r.npy --composite 'epsilon-gamma-box(low=0,high=1)'",
                "  ./lrp explain --model m.zip --input x.npy --out g.npy --method gradient --target 3",
                "  ./lrp explain --model m.zip --input x.npy --out ig.npy --method integrated-gradients --steps 64",
                "  ./lrp explain --model m.zip --input x.npy --out o.npy --method occlusion --window 4 --stride 2",
                "  ./lrp explain --model m.zip --input x.npy --out r.npy --composite epsilon-plus --heatmap r.png",
                "  ./lrp explain --model m.zip --input big.npy --out r.npy --composite epsilon-plus --batch-size 256",
                "  ./lrp explain --model resnet.zip --input x.npy --out r.npy --composite epsilon-plus --rule add=epsilon",
                "  ./lrp explain --model two.zip --input image=x.npy --input meta=m.npy --out r.npy --composite epsilon-plus",
                "",
                "",
                "Quote specs with parentheses: unquoted, bash reads them as a subshell.",
                "Selectors: all (default), dense, conv, first, first-conv, first-dense, activation, maxpool, avgpool, a layer",
                "index or a layer name. Later --rule options override earlier ones and the composite."})
public final class ExplainCommand extends BaseCommand implements Callable<Integer> {
    /** Rows drawn at once from written relevance when no --batch-size says how many. */
    private static final int HEATMAP_BLOCK = 256;

    @picocli.CommandLine.Mixin
    PluginOptions plugins;

    @Option(names = "--model", required = true, paramLabel = "M.zip",
            description = "DL4J model zip (a MultiLayerNetwork or a ComputationGraph), or a Keras 2 .h5"
                    + " model file (imported with DL4J's Keras importer).")
    Path model;

    @Option(names = "--time-step", paramLabel = "T",
            description = "For a model whose output is a sequence (RnnOutputLayer): the time step whose scores are"
                    + " explained, from 0, or from the end when negative (default -1, the last).")
    Integer timeStep;

    @Option(names = "--mask", paramLabel = "MASK.npy",
            description = "For a recurrent model: DL4J's feature mask for variable-length sequences, [N, T], 1 for a"
                    + " kept step and 0 for a masked one. Explains what net.output(x, false, mask, null) computes;"
                    + " masked steps get no relevance.")
    Path mask;

    @Option(names = "--output", paramLabel = "NAME",
            description = "For a ComputationGraph with several outputs, the output vertex to explain (default: the"
                    + " first).")
    String output;

    @Option(names = "--input", required = true, paramLabel = "X.npy",
            description = "Input rows, .npy, batch first: [N, features], [N, C, H, W], sequences [N, features, T]"
                    + " (NCW models) or token ids [N, T]; float32, float64, int32, int64 or uint8 (see --uint8). For a"
                    + " graph with several inputs, NAME=X.npy once for each of its inputs, with as many rows each (a"
                    + " model with one input takes NAME=X.npy too).")
    List<String> inputSpecs = new ArrayList<>();

    /** The one input file of a model with one input; null for several. */
    private Path input;

    @Option(names = "--out", required = true, paramLabel = "R.npy", description = "Where to write the relevance.")
    Path out;

    @Option(names = "--target", defaultValue = "argmax", paramLabel = "argmax|INDEX",
            description = "The class to explain: each row's argmax (default) or one class index.")
    String target;

    @Option(names = "--method", defaultValue = "lrp", paramLabel = "METHOD",
            description = "lrp (default), gradient, gradient-squared, gradient-x-input, integrated-gradients,"
                    + " smoothgrad or occlusion.")
    String method;

    @Option(names = "--steps", paramLabel = "N",
            description = "integrated-gradients: points on the path from the baseline (default 64).")
    Integer steps;

    @Option(names = "--quadrature", paramLabel = "riemann|gauss-legendre",
            description = "integrated-gradients: where on the path the gradients are taken and how they are weighed:"
                    + " the midpoint Riemann sum (default) or Gauss-Legendre points.")
    String quadrature;

    @Option(names = "--baseline", paramLabel = "V|B.npy",
            description = "integrated-gradients: the path's start, a value for every input element or a .npy file"
                    + " shaped as one row of the input (the same for every row) or as the whole input, in the input's"
                    + " units (--uint8 applies to it too); occlusion: the value under the window. Default 0.")
    String baseline;

    @Option(names = "--samples", paramLabel = "N", description = "smoothgrad: noisy copies averaged (default 32).")
    Integer samples;

    @Option(names = "--noise", paramLabel = "F",
            description = "smoothgrad: the noise's standard deviation as a fraction of each row's range (default 0.1).")
    Double noise;

    @Option(names = "--seed", paramLabel = "S", description = "smoothgrad: the noise's seed (default 1).")
    Long seed;

    @Option(names = "--squared", description = "smoothgrad: average the squared gradients (SmoothGrad-squared).")
    boolean squared;

    @Option(names = "--internal-batch-size", paramLabel = "N",
            description = "integrated-gradients, smoothgrad, occlusion: the most copies of the input run at once"
                    + " (default 256); bounds their memory.")
    Integer internalBatchSize;

    @Option(names = "--window", paramLabel = "N",
            description = "occlusion: the window's side, over height and width of images, time steps of sequences,"
                    + " features of vectors; all channels (default 4).")
    Integer window;

    @Option(names = "--stride", paramLabel = "N", description = "occlusion: how far the window moves (default 2).")
    Integer stride;

    @Option(names = "--composite", paramLabel = "SPEC", description = "A named composite, e.g. epsilon-plus.")
    String composite;

    @Option(names = "--heatmap", paramLabel = "H.png",
            description = "Also draw each row's relevance as a PNG: H.png for one row, H-0.png, H-1.png, ... for more.")
    Path heatmap;

    @Option(names = "--overlay", description = "With --heatmap: draw the heatmap over the input (grey, stretched from"
            + " each row's smallest to its largest value).")
    boolean overlay;

    @Option(names = "--shared-scale", description = "With --heatmap: one colour scale for all rows (the largest |R| of"
            + " all of them) instead of each row's own; the picture says which.")
    boolean sharedScale;

    @Option(names = "--vocab", paramLabel = "V.txt",
            description = "For a model that reads token ids: its vocabulary, one token a line (line k is id k). With"
                    + " --html, the token relevance becomes a text heatmap page.")
    Path vocab;

    @Option(names = "--html", paramLabel = "PAGE.html",
            description = "With --vocab: write every row's words coloured by relevance to this self-contained page.")
    Path html;

    @Option(names = "--per-dimension", description = "For a model that reads token ids: write the relevance of every"
            + " dimension of every token's embedding vector, [N, dim, T], instead of its sum per token, [N, T].")
    boolean perDimension;

    @Option(names = "--batch-size", paramLabel = "N",
            description = "Stream the input: read, explain and write N rows at a time, so memory stays bounded.")
    Integer batchSize;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
            description = "With --batch-size: explain N blocks at once, one per thread; 0 (the default) is one per"
                    + " core. Each thread runs ND4J on one OpenMP thread, whatever OMP_NUM_THREADS says, so the output"
                    + " is the same for any N. Each thread holds a block in memory.")
    int threads;

    @Option(names = "--report", paramLabel = "REPORT.csv",
            description = "Also write, per row, the target class, its score, the relevance sum and what the layers"
                    + " absorbed (" + ExplainReport.HEADER + ").")
    Path report;

    @Option(names = "--uint8", paramLabel = "unit|raw", defaultValue = "unit", converter = Uint8Converter.class,
            description = "How uint8 input is read: unit (the default) divides by 255, so 0..255 becomes 0..1; raw"
                    + " keeps 0..255.")
    Uint8Range uint8;

    @Option(names = "--rule", paramLabel = "[SELECTOR=]SPEC",
            description = "A rule for the selected layers, e.g. dense=epsilon(epsilon=0.1). Repeatable.")
    List<String> rules = new ArrayList<>();


    @Override
    public Integer call() {
        if ((overlay || sharedScale) && heatmap == null) {
            throw new ExplainException("--overlay and --shared-scale go with --heatmap");
        }
        List<Path> written = new ArrayList<>(List.of(out));
        for (Path p : new Path[] {report, heatmap, html}) {
            if (p != null) {
                written.add(p);
            }
        }
        for (Path w : written) {
            for (String given : inputSpecs) {
                // NAME=X.npy or X.npy: whichever the model turns out to read, neither is overwritten.
                refuseToOverwrite(w, Path.of(given), "input");
                refuseToOverwrite(w, Path.of(given.substring(given.indexOf('=') + 1)), "input");
            }
            refuseToOverwrite(w, model, "model");
            if (mask != null) {
                refuseToOverwrite(w, mask, "mask");
            }
        }
        Method m = Method.parse(method);
        Target t = Target.parse(target);
        if (batchSize != null && batchSize < 1) {
            throw new ExplainException("--batch-size must be at least 1, got " + batchSize);
        }
        if (threads < 0 || threads > 1 && batchSize == null) {
            throw new ExplainException("--threads takes 0 (one per core) or a number of at least 1, and more than 1"
                    + " only with --batch-size");
        }
        if (perDimension && (batchSize != null || html != null || heatmap != null)) {
            throw new ExplainException("--per-dimension writes [N, dim, T] with --out only; leave out --batch-size,"
                    + " --html and --heatmap");
        }
        if ((vocab == null) != (html == null)) {
            throw new ExplainException("--vocab and --html go together: the page needs the words, the words a page");
        }
        PathSettings path = pathSettings(m);
        org.deeplearning4j.nn.api.Model loaded = ModelFiles.loadAny(model);
        TokenPage page = vocab == null ? null : TokenPage.open(vocab, loaded);
        Explainer.Builder builder = Explainer.forModel(loaded).registry(plugins.scan(spec.commandLine().getErr())).method(m)
                .path(path);
        if (composite != null) {
            builder.composite(composite);
        }
        if (output != null) {
            builder.output(output);
        }
        if (timeStep != null) {
            builder.timeStep(timeStep);
        }
        rules.forEach(builder::rule);
        Explainer explainer = builder.build();
        warn(explainer);
        if (explainer.inputNames().size() > 1) {
            return explainSeveralInputs(explainer, m, t);
        }
        input = inputFiles(explainer.inputNames()).get(explainer.inputNames().get(0));
        INDArray masks = mask == null ? null : Npy.read(mask);
        Colormap colormap = colormap(m);
        long[] shape;
        try (ExplainReport summary = new ExplainReport(m, report)) {
            if (batchSize == null) {
                INDArray x = uint8.apply(Npy.read(input));
                Explanation e = explainer.explain(x, masks, t, perDimension);
                INDArray relevance = perDimension ? embeddingOutput(e) : e.relevance();
                summary.add(0, e);
                Npy.write(out, relevance);
                if (m == Method.INTEGRATED_GRADIENTS) {
                    reportCompleteness(explainer, path, List.of(x), e);
                }
                shape = relevance.shape();
                if (heatmap != null) {
                    RowHeatmaps pictures = heatmaps(colormap, shape[0]);
                    pictures.write(0, relevance, x, summary.targets(0, (int) shape[0]), summary.scores(0,
                            (int) shape[0]), sharedScale ? pictures.range(relevance) : 0);
                }
            } else {
                shape = stream(explainer, t, masks, explainer.dataType(), summary);
            }
            summary.commit();
            out().println("wrote " + out + ": relevance " + Arrays.toString(shape) + " for " + shape[0]
                    + " rows, method " + m.label());
            if (batchSize != null && heatmap != null) {
                streamHeatmaps(heatmaps(colormap, shape[0]), summary);
            }
            if (heatmap != null) {
                reportHeatmaps(heatmaps(colormap, shape[0]), shape[0], "");
            }
            if (page != null) {
                page.write(html, input, out, summary);
                out().println("wrote " + html + ": the words of " + shape[0] + " rows coloured by relevance");
            }
            summary.summarize(out());
        }
        return 0;
    }

    /**
     * The file of each of the model's inputs, from the {@code --input} options: {@code X.npy} for a model with one
     * input (or {@code NAME=X.npy}, naming it, where no file has that whole name), {@code NAME=X.npy} for each input
     * of a model with several.
     */
    private java.util.Map<String, Path> inputFiles(List<String> names) {
        if (names.size() == 1) {
            if (inputSpecs.size() != 1) {
                throw new ExplainException("the model has one input: give one --input X.npy, not "
                        + inputSpecs.size());
            }
            String given = inputSpecs.get(0);
            String named = names.get(0) + "=";
            boolean isNamed = !java.nio.file.Files.exists(Path.of(given)) && given.startsWith(named);
            return java.util.Map.of(names.get(0), Path.of(isNamed ? given.substring(named.length()) : given));
        }
        java.util.Map<String, Path> files = new java.util.LinkedHashMap<>();
        for (String given : inputSpecs) {
            int eq = given.indexOf('=');
            String name = eq < 0 ? null : given.substring(0, eq);
            if (name == null || !names.contains(name)) {
                throw new ExplainException("the model has " + names.size() + " inputs " + names + ": give --input"
                        + " NAME=X.npy for each; got --input " + given);
            }
            if (files.put(name, Path.of(given.substring(eq + 1))) != null) {
                throw new ExplainException("--input " + name + "= is given twice");
            }
        }
        List<String> missing = names.stream().filter(n -> !files.containsKey(n)).toList();
        if (!missing.isEmpty()) {
            throw new ExplainException("no --input for the model's input" + (missing.size() == 1 ? " " : "s ")
                    + String.join(", ", missing) + "; it has " + names);
        }
        return files;
    }

    /**
     * A graph with several inputs: all read and explained in one call, and the relevance of input {@code NAME}
     * written to {@code R-NAME.npy} beside {@code --out R.npy}.
     */
    private int explainSeveralInputs(Explainer explainer, Method m, Target t) {
        List<String> names = explainer.inputNames();
        if (mask != null || html != null || perDimension) {
            // A mask marks one sequence's padded steps; with several inputs it would be unclear whose.
            throw new ExplainException("a model with several inputs " + names + " takes no --mask, --html or"
                    + " --per-dimension");
        }
        java.util.Map<String, Path> files = inputFiles(names);
        List<Path> outs = names.stream().map(this::outFor).toList();
        for (Path o : outs) {
            for (Path in : files.values()) {
                refuseToOverwrite(o, in, "input");
            }
            refuseToOverwrite(o, model, "model");
        }
        try (ExplainReport summary = new ExplainReport(m, report)) {
            List<long[]> shapes = new ArrayList<>();
            if (batchSize == null) {
                List<INDArray> xs = names.stream().map(n -> uint8.apply(Npy.read(files.get(n)))).toList();
                Explanation e = explainer.explain(xs, t, false);
                summary.add(0, e);
                for (int k = 0; k < names.size(); k++) {
                    Npy.write(outs.get(k), e.inputRelevance().get(k));
                    shapes.add(e.inputRelevance().get(k).shape());
                }
                if (m == Method.INTEGRATED_GRADIENTS) {
                    reportCompleteness(explainer, pathSettings(m), xs, e);
                }
            } else {
                shapes.addAll(streamSeveral(explainer, t, names.stream().map(files::get).toList(), outs, summary));
            }
            summary.commit();
            for (int k = 0; k < names.size(); k++) {
                out().println("wrote " + outs.get(k) + ": relevance of input " + names.get(k) + " "
                        + Arrays.toString(shapes.get(k)) + ", method " + m.label());
            }
            if (heatmap != null) {
                long rows = shapes.get(0)[0];
                for (int k = 0; k < names.size(); k++) {
                    RowHeatmaps pictures = new RowHeatmaps(named(heatmap, names.get(k)), colormap(m), overlay, rows);
                    drawHeatmaps(pictures, outs.get(k), files.get(names.get(k)), summary,
                            batchSize == null ? HEATMAP_BLOCK : batchSize);
                    reportHeatmaps(pictures, rows, " of input " + names.get(k));
                }
            }
            summary.summarize(out());
        }
        return 0;
    }

    /**
     * {@link #stream} for a graph with several inputs: each input's rows read a block at a time from its own file,
     * each input's relevance appended to its own. Returns the outputs' shapes.
     */
    private List<long[]> streamSeveral(Explainer explainer, Target t, List<Path> inputs, List<Path> outs,
            ExplainReport summary) {
        BlockExplainer blocks = new BlockExplainer(explainer, batchSize, threads);
        List<NpyRowReader> readers = new ArrayList<>();
        List<NpyRowWriter> writers = new ArrayList<>();
        try {
            for (Path in : inputs) {
                readers.add(NpyRowReader.open(in));
            }
            long rows = readers.get(0).shape()[0];
            List<long[]> shapes = new ArrayList<>();
            for (int k = 0; k < readers.size(); k++) {
                long[] shape = readers.get(k).shape();
                if (shape[0] != rows) {
                    throw new ExplainException("every input needs as many rows: " + inputs.get(0) + " has " + rows
                            + ", " + inputs.get(k) + " has " + shape[0]);
                }
                shapes.add(shape);
            }
            for (int k = 0; k < outs.size(); k++) {
                writers.add(NpyRowWriter.create(outs.get(k), explainer.dataType(), shapes.get(k)));
            }
            Progress bar = Progress.start(spec.commandLine().getErr(), "explaining", rows);
            blocks.explainEachOfSeveral(rows, (from, n) -> readers.stream().map(r -> uint8.apply(r.read(from, n)))
                    .toList(), t, (from, e) -> {
                        summary.add(from, e);
                        for (int k = 0; k < writers.size(); k++) {
                            writers.get(k).append(e.inputRelevance().get(k));
                        }
                        bar.advance(e.inputRelevance().get(0).size(0));
                    });
            bar.finish();
            return shapes;
        } finally {
            writers.forEach(NpyRowWriter::close);
            readers.forEach(NpyRowReader::close);
        }
    }

    /** {@code R-NAME.npy} for {@code --out R.npy}: the file input {@code name}'s relevance goes to. */
    private Path outFor(String name) {
        return named(out, name);
    }

    /** {@code file} with {@code -NAME} before its extension: R.npy and image give R-image.npy. */
    private static Path named(Path file, String name) {
        String f = file.getFileName().toString();
        int dot = f.lastIndexOf('.') > 0 ? f.lastIndexOf('.') : f.length();
        String safe = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return file.resolveSibling(f.substring(0, dot) + "-" + safe + f.substring(dot));
    }

    /** How far the attributions' sums are from {@code f(x) - f(baseline)}, the axiom integrated gradients keep. */
    private void reportCompleteness(Explainer explainer, PathSettings path, List<INDArray> xs, Explanation e) {
        INDArray start = explainer.scores(xs.stream().map(x -> path.start(x.castTo(explainer.dataType()))).toList());
        INDArray difference = e.targetScores().sub(start.mul(io.lrp4j.engine.OneHot.of(e.targets(), start)).sum(1));
        double worst = e.relevanceSums().sub(difference).divi(
                org.nd4j.linalg.ops.transforms.Transforms.abs(difference).addi(1e-12)).amaxNumber().doubleValue();
        out().printf(java.util.Locale.ROOT, "integrated gradients: sum of attributions against f(x) - f(baseline):"
                + " largest relative error of a row %.2e%n", worst);
    }

    /** The settings of integrated gradients, SmoothGrad and occlusion; their options with another method are refused. */
    private PathSettings pathSettings(Method m) {
        PathSettings d = PathSettings.DEFAULTS;
        boolean ig = m == Method.INTEGRATED_GRADIENTS;
        boolean sg = m == Method.SMOOTHGRAD;
        boolean occlusion = m == Method.OCCLUSION;
        refuseUnless(ig, steps, "--steps", "integrated-gradients");
        refuseUnless(ig, quadrature, "--quadrature", "integrated-gradients");
        refuseUnless(ig || occlusion, baseline, "--baseline", "integrated-gradients or occlusion");
        refuseUnless(occlusion, window, "--window", "occlusion");
        refuseUnless(occlusion, stride, "--stride", "occlusion");
        refuseUnless(sg, samples, "--samples", "smoothgrad");
        refuseUnless(sg, noise, "--noise", "smoothgrad");
        refuseUnless(sg, seed, "--seed", "smoothgrad");
        refuseUnless(sg, squared ? true : null, "--squared", "smoothgrad");
        refuseUnless(ig || sg || occlusion, internalBatchSize, "--internal-batch-size",
                "integrated-gradients, smoothgrad or occlusion");
        Double value = baselineValue();
        if (baseline != null && value == null && !ig) {
            throw new ExplainException("--baseline takes a value with --method occlusion; a .npy baseline goes with"
                    + " --method integrated-gradients");
        }
        PathSettings settings = new PathSettings(steps == null ? d.steps() : steps, value == null ? d.baseline() : value,
                samples == null ? d.samples() : samples, noise == null ? d.noise() : noise,
                seed == null ? d.seed() : seed, internalBatchSize == null ? d.internalBatchSize() : internalBatchSize,
                window == null ? d.window() : window, stride == null ? d.stride() : stride)
                .withQuadrature(quadrature == null ? d.quadrature() : io.lrp4j.engine.Quadrature.byLabel(quadrature))
                .withSquared(squared);
        return baseline == null || value != null ? settings
                : settings.withBaselineInput(uint8.apply(Npy.read(Path.of(baseline))));
    }

    /** {@code --baseline} as a number, or null when it is not one (a file) or not given. */
    private Double baselineValue() {
        if (baseline == null) {
            return null;
        }
        try {
            return Double.parseDouble(baseline);
        } catch (NumberFormatException notANumber) {
            return null;
        }
    }

    private static void refuseUnless(boolean applies, Object given, String option, String methods) {
        if (given != null && !applies) {
            throw new ExplainException(option + " goes with --method " + methods);
        }
    }

    /**
     * Reads, explains and writes {@code batchSize} rows at a time, {@code threads} blocks at once, writing them in
     * order; at most {@code threads + 1} blocks are in memory. Returns the output's shape.
     */
    private long[] stream(Explainer explainer, Target t, INDArray masks, org.nd4j.linalg.api.buffer.DataType type,
            ExplainReport summary) {
        BlockExplainer blocks = new BlockExplainer(explainer, batchSize, threads);
        try (NpyRowReader reader = NpyRowReader.open(input)) {
            long[] shape = reader.shape();
            if (masks != null && (masks.rank() < 1 || masks.size(0) != shape[0])) {
                throw new ExplainException("the feature mask must be [rows, time steps] with the input's " + shape[0]
                        + " rows; got shape " + Arrays.toString(masks.shape()));
            }
            Progress bar = Progress.start(spec.commandLine().getErr(), "explaining", shape[0]);
            try (NpyRowWriter writer = NpyRowWriter.create(out, type, shape)) {
                blocks.explainEach(shape[0], (from, n) -> uint8.apply(reader.read(from, n)), masks == null ? null
                        : (from, n) -> masks.get(NDArrayIndex.interval(from, from + n)), t, (from, e) -> {
                    INDArray relevance = e.relevance();
                    summary.add(from, e);
                    writer.append(relevance);
                    bar.advance(relevance.size(0));
                });
            }
            bar.finish();
            return shape;
        }
    }

    /**
     * The relevance at the embedding's output, {@code [N, dim, T]}: what the stage above the embedding received at
     * its input.
     */
    private static INDArray embeddingOutput(Explanation e) {
        for (int i = 0; i + 1 < e.stages().size(); i++) {
            if (e.stages().get(i).kind() == io.lrp4j.engine.network.StageKind.EMBEDDING) {
                return e.stages().get(i + 1).relevance();
            }
        }
        throw new ExplainException("--per-dimension goes with a model that reads token ids through an embedding");
    }

    private RowHeatmaps heatmaps(Colormap colormap, long rows) {
        return new RowHeatmaps(heatmap, colormap, overlay, rows);
    }

    /** Gradient squared is never negative: one colour from white; every other method's relevance has two signs. */
    private static Colormap colormap(Method m) {
        return m == Method.GRADIENT_SQUARED ? Colormap.SEQUENTIAL : Colormap.DIVERGING;
    }

    /** Says which heatmaps were written: the first file (and "..." when there are more), how many, which scale. */
    private void reportHeatmaps(RowHeatmaps pictures, long rows, String of) {
        out().println("wrote " + pictures.file(0) + (rows == 1 ? "" : " ...") + ": " + rows + " heatmap"
                + (rows == 1 ? "" : "s") + of + (sharedScale ? ", one colour scale for all rows"
                : ", each row on its own colour scale"));
    }

    /**
     * Draws the heatmaps of a streamed run from the written relevance, a block at a time: with one scale for all
     * rows, that scale is known only once every row is explained.
     */
    private void streamHeatmaps(RowHeatmaps pictures, ExplainReport summary) {
        drawHeatmaps(pictures, out, input, summary, batchSize);
    }

    /** Draws the heatmaps of relevance written to {@code relevanceFile} over {@code inputFile}, in blocks of rows. */
    private void drawHeatmaps(RowHeatmaps pictures, Path relevanceFile, Path inputFile, ExplainReport summary,
            int batchSize) {
        try (NpyRowReader relevance = NpyRowReader.open(relevanceFile);
                NpyRowReader x = NpyRowReader.open(inputFile)) {
            long rows = relevance.shape()[0];
            double shared = 0;
            if (sharedScale) {
                for (long from = 0; from < rows; from += batchSize) {
                    int n = (int) Math.min(batchSize, rows - from);
                    shared = Math.max(shared, pictures.range(relevance.read(from, n)));
                }
            }
            Progress bar = Progress.start(spec.commandLine().getErr(), "drawing", rows);
            for (long from = 0; from < rows; from += batchSize) {
                int n = (int) Math.min(batchSize, rows - from);
                pictures.write(from, relevance.read(from, n), overlay ? uint8.apply(x.read(from, n)) : null,
                        summary.targets(from, n), summary.scores(from, n), shared);
                bar.advance(n);
            }
            bar.finish();
        }
    }

    private static void refuseToOverwrite(Path out, Path other, String what) {
        try {
            if (Files.exists(other) && Files.exists(out) && Files.isSameFile(out, other)
                    || out.toAbsolutePath().normalize().equals(other.toAbsolutePath().normalize())) {
                throw new ExplainException(out + " is the " + what + " file; lrp4j never overwrites it");
            }
        } catch (java.io.IOException e) {
            throw new ExplainException("cannot check " + out + ": " + IoReasons.of(e, out), e);
        }
    }

    /** Reads {@code unit} or {@code raw}, in any case. */
    static final class Uint8Converter implements picocli.CommandLine.ITypeConverter<Uint8Range> {
        @Override
        public Uint8Range convert(String value) {
            for (Uint8Range r : Uint8Range.values()) {
                if (r.name().equalsIgnoreCase(value.trim())) {
                    return r;
                }
            }
            throw new picocli.CommandLine.TypeConversionException("--uint8 takes unit or raw, got '" + value + "'");
        }
    }
}

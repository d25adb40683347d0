package io.lrp4j.cli;

import io.lrp4j.engine.ExplainException;
import io.lrp4j.engine.Explainer;
import io.lrp4j.engine.MethodSpec;
import io.lrp4j.engine.Target;
import io.lrp4j.engine.evaluation.PerturbationCurve;
import io.lrp4j.engine.evaluation.RegionPerturbation;
import io.lrp4j.engine.evaluation.Replacement;
import io.lrp4j.engine.io.ModelFiles;
import io.lrp4j.engine.io.Npy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lrp evaluate}: region perturbation curves and AOPC for several methods against a random ordering. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Which explanation is right? Perturbs each row's regions, most relevant first (MoRF) and least",
            "relevant first (LeRF), for every --method and a random ordering, and reports the area over the",
            "perturbation curve (AOPC; Samek et al. 2017): the larger under MoRF and the smaller under LeRF, the",
            "better the explanation. Writes DIR/aopc.csv, DIR/curves.csv and DIR/curves.png.",
            "For a text model (token ids read by an embedding) a step deletes one word, and the explanatory power",
            "index (EPI; Arras et al. 2017) is reported too, in DIR/epi.csv and DIR/epi.png."},
        footer = {"", "Examples:",
            "  ./lrp evaluate --model m.zip --input x.npy --method epsilon-plus --method gradient-x-input --out eval",
            "  ./lrp evaluate --model m.zip --input x.npy --method 'lrp:conv=z+;dense=epsilon' --region 1 --out eval",
            "  ./lrp evaluate --model text.zip --input ids.npy --labels labels.npy --method 'epsilon(epsilon=0.001)'"
                + " --method gradient-x-input --out eval",
            "",
            "--method takes a composite (epsilon-plus, 'epsilon-gamma-box(low=0,high=1)', ...), gradient,",
            "gradient-x-input or gradient-squared, a rule for every layer (epsilon, 'z+(bias=false)', ...), or lrp:",
            "followed by [SELECTOR=]SPEC rules separated by ';'."})
public final class EvaluateCommand extends BaseCommand implements Callable<Integer> {
    /** The seed of uniform replacement noise: one draw, the same for every method. */
    private static final long REPLACEMENT_SEED = 20261203L;

    @picocli.CommandLine.Mixin
    PluginOptions plugins;

    @Option(names = "--model", required = true, paramLabel = "M.zip|M.h5", description = "The model, as explain takes it.")
    Path model;

    @Option(names = "--input", required = true, paramLabel = "X.npy",
            description = "Rows to perturb: images [N, C, H, W], sequences [N, F, T] or feature vectors [N, F].")
    Path input;

    @Option(names = "--method", required = true, paramLabel = "METHOD", description = "A method to evaluate."
            + " Repeatable.")
    List<String> methods = new ArrayList<>();

    @Option(names = "--region", paramLabel = "R",
            description = "The side of a square image region, or steps of a sequence region (default 2; 1 is pixel"
                    + " flipping). Text: one word, always.")
    Integer region;

    @Option(names = "--replace", paramLabel = "uniform|zero|mean",
            description = "What perturbed values become: uniform noise over the input's range (default), zero, or"
                    + " each value's mean over the rows. Text: deleted words become --pad-id.")
    String replace;

    @Option(names = "--steps", paramLabel = "S",
            description = "Perturbation steps, the regions spread evenly over them (default: 30, or every region"
                    + " when there are fewer). Each step scores every row once per method and order. Text: the"
                    + " most words deleted, one a step (default 10, or the documents' length when shorter).")
    Integer steps;

    @Option(names = "--pad-id", defaultValue = "0", paramLabel = "ID",
            description = "Text: the padding token's id (default 0). Deleted words become it, and padding is never"
                    + " deleted.")
    int padId;

    @Option(names = "--labels", paramLabel = "Y.npy",
            description = "Text: each document's true class [N], for the EPI's nearest-neighbour vote (default: the"
                    + " model's predicted classes).")
    Path labels;

    @Option(names = "--seeds", defaultValue = "3", paramLabel = "K",
            description = "Random orderings averaged into the baseline (default 3).")
    int seeds;

    @Option(names = "--target", defaultValue = "argmax", paramLabel = "argmax|INDEX",
            description = "The class whose score is followed: each row's argmax (default) or one class index.")
    String target;

    @Option(names = "--batch-size", defaultValue = "512", paramLabel = "N",
            description = "Perturbed rows scored in one forward pass (default 512).")
    int batchSize;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where the table, curves and plot go.")
    Path out;

    @Override
    public Integer call() {
        if (seeds < 1) {
            throw new ExplainException("--seeds must be at least 1, got " + seeds);
        }
        Target t = Target.parse(target);
        Model net = ModelFiles.loadAny(model);
        io.lrp4j.engine.registry.RuleRegistry registry = plugins.scan(spec.commandLine().getErr());
        List<Explainer> explainers = new ArrayList<>();
        for (String m : methods) {
            explainers.add(MethodSpec.explainer(net, registry, m));
        }
        warn(explainers.get(0));
        if (explainers.get(0).readsTokenIds()) {
            return words(explainers, t);
        }
        if (labels != null) {
            throw new ExplainException("--labels is for text models (token ids); this model reads no token ids");
        }
        Replacement replacement = Replacement.parse(replace == null ? "uniform" : replace);
        int side = region == null ? 2 : region;
        // In the model's data type once, so that the input, its replacement and the perturbed rows all share it.
        INDArray x = Uint8Range.UNIT.apply(Npy.read(input)).castTo(explainers.get(0).dataType());
        // The regions tile the input as they tile its relevance: counted (and checked) before anything is explained.
        long regions = new RegionPerturbation(explainers.get(0), side, 1, batchSize).regionRelevance(x).size(1);
        RegionPerturbation perturbation = new RegionPerturbation(explainers.get(0), side,
                steps == null ? (int) Math.min(30, regions) : steps, batchSize);
        INDArray replacementValues = replacement.replacing(x, REPLACEMENT_SEED);
        List<PerturbationCurve> curves = AopcRun.curves(methods, explainers, x, t, perturbation, replacementValues,
                regions, seeds, (name, e) -> out().println("evaluated " + name));
        AopcRun.write(out, curves, out());
        out().println("wrote " + out.resolve("aopc.csv") + ", " + out.resolve("curves.csv") + " and "
                + out.resolve("curves.png"));
        return 0;
    }

    /** A text model: word deletion and the explanatory power index. */
    private int words(List<Explainer> explainers, Target t) {
        if (replace != null) {
            throw new ExplainException("--replace is for images and sequences: a text model's deleted words become"
                    + " the padding token (--pad-id)");
        }
        if (region != null && region != 1) {
            throw new ExplainException("--region " + region + " does not apply to text: a step deletes one word");
        }
        Explainer first = explainers.get(0);
        INDArray ids = Npy.read(input).castTo(first.dataType());
        if (ids.rank() != 2) {
            throw new ExplainException("a text model's --input is token ids [N, T]; got shape "
                    + java.util.Arrays.toString(ids.shape()));
        }
        INDArray embedding = first.tokenEmbedding();
        if (padId < 0 || padId >= embedding.size(0)) {
            throw new ExplainException("--pad-id " + padId + " is not in the vocabulary of " + embedding.size(0)
                    + " tokens");
        }
        INDArray classes = labels == null ? first.scores(ids).argMax(1) : Npy.read(labels).reshape(-1);
        EpiRun epi = new EpiRun(ids, embedding, padId, classes);
        long length = ids.size(1);
        RegionPerturbation deletion = RegionPerturbation.wordDeletion(first,
                steps == null ? (int) Math.min(10, length) : steps, batchSize, padId);
        List<PerturbationCurve> curves = AopcRun.curves(methods, explainers, ids, t, deletion, deletion.deleted(ids),
                length, seeds, (name, e) -> {
                    epi.add(name, e.relevance());
                    out().println("evaluated " + name);
                });
        epi.addBaselines(seeds);
        out().println("Word deletion:");
        AopcRun.write(out, curves, "words deleted", out());
        out().println("Explanatory power index (" + (labels == null ? "the model's predicted classes"
                : "the classes of " + labels) + "; " + EpiRun.SPLITS + " random halvings, k = 1.." + EpiRun.MAX_K
                + ", cosine similarity):");
        epi.write(out, out());
        out().println("wrote " + out.resolve("aopc.csv") + ", " + out.resolve("curves.csv") + ", "
                + out.resolve("curves.png") + ", " + out.resolve("epi.csv") + " and " + out.resolve("epi.png"));
        return 0;
    }

}

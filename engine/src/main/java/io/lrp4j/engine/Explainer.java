package io.lrp4j.engine;

import com.google.inject.Guice;
import io.lrp4j.api.Assignment;
import io.lrp4j.api.RuleSpec;
import io.lrp4j.api.Seed;
import io.lrp4j.api.SpecException;
import io.lrp4j.engine.network.ActivationStage;
import io.lrp4j.engine.network.BandBudget;
import io.lrp4j.engine.network.Buffers;
import io.lrp4j.engine.network.CompiledNetwork;
import io.lrp4j.engine.network.EngineModule;
import io.lrp4j.engine.network.LinearStage;
import io.lrp4j.engine.network.LocalResponseNormalizationStage;
import io.lrp4j.engine.network.EmbeddingStage;
import io.lrp4j.engine.network.MergeStage;
import io.lrp4j.engine.network.RecurrentStage;
import io.lrp4j.engine.network.SequenceStage;
import io.lrp4j.engine.network.NetworkCompiler;
import io.lrp4j.engine.network.RoutingStage;
import io.lrp4j.engine.network.Scratch;
import io.lrp4j.engine.network.Stage;
import io.lrp4j.engine.plan.PlannedRule;
import io.lrp4j.engine.plan.RulePlan;
import io.lrp4j.engine.plan.Selector;
import io.lrp4j.engine.plan.TypeLimits;
import io.lrp4j.engine.registry.BoundComposite;
import io.lrp4j.engine.registry.BoundRule;
import io.lrp4j.engine.registry.RuleRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.indexing.conditions.Conditions;

/**
 * Explains one model's predictions with one method and one set of rules. Build it once per model with
 * {@link #forModel(MultiLayerNetwork)} or {@link #forModel(ComputationGraph)}; it copies what it needs of the model, never modifies the model, and is safe
 * to share between threads. Every batch is processed as a whole: there is no loop over rows.
 */
public final class Explainer {
    private final CompiledNetwork network;
    private final RulePlan plan;
    private final Seed seed;
    private final Method method;
    /**
     * Elements of the largest activation per input row, for each shape of one input row: found once by a forward pass
     * of one row, so that every call bands its convolutions by its own rows alone (see {@link #run}).
     */
    private final Map<List<List<Long>>, Long> largestPerRow = new ConcurrentHashMap<>();

    /** Settings of the methods that average gradients over copies of the input. */
    private final PathSettings path;

    private Explainer(CompiledNetwork network, RulePlan plan, Seed seed, Method method, PathSettings path) {
        this.network = network;
        this.plan = plan;
        this.seed = seed;
        this.method = method;
        this.path = path;
    }

    /** Starts building an explainer for a network. */
    public static Builder forModel(MultiLayerNetwork net) {
        return new Builder(net);
    }

    /**
     * Starts building an explainer for a graph: residual and branching networks, with one input or several (explain
     * those with {@link #explain(List, Target, boolean)}). Its first output is explained unless
     * {@link Builder#output(String)} names another.
     */
    public static Builder forModel(ComputationGraph net) {
        return new Builder(net);
    }

    /**
     * Starts building an explainer for either kind of DL4J network, as {@link io.lrp4j.engine.io.ModelFiles#load}
     * returns them.
     *
     * @throws ExplainException for another kind of model
     */
    public static Builder forModel(Model net) {
        if (net instanceof ComputationGraph graph) {
            return new Builder(graph);
        }
        if (net instanceof MultiLayerNetwork || net == null) {
            return new Builder(net);
        }
        throw new ExplainException("cannot explain a " + net.getClass().getSimpleName()
                + "; lrp4j explains MultiLayerNetwork and ComputationGraph models");
    }

    /**
     * Starts configuring an explainer for a Keras 2 {@code .h5} model file, imported with DL4J's Keras importer
     * ({@link io.lrp4j.engine.io.KerasFiles}); a Keras model's final softmax is left out, as a DL4J model's is.
     *
     * @throws ExplainException for a file that is not a Keras model DL4J can import
     */
    public static Builder forKeras(java.nio.file.Path file) {
        return forModel(io.lrp4j.engine.io.KerasFiles.load(file));
    }

    /** The data type the explained model computes in, which its relevance has too. */
    public org.nd4j.linalg.api.buffer.DataType dataType() {
        return network.dataType();
    }

    /** Explains each row's highest-scoring class. */
    public Explanation explain(INDArray input) {
        return explain(input, Target.argmax(), false);
    }

    /** Explains the given target classes. */
    public Explanation explain(INDArray input, Target target) {
        return explain(input, target, false);
    }

    /**
     * Explains a batch.
     *
     * @param input a batch in the model's input shape, batch first; it is not modified
     * @param target the class each row explains
     * @param keepLayerRelevance whether each stage's report keeps the relevance at its input
     * @throws ExplainException for NaN or infinite input, an input that does not fit the model, a target out of
     *     range, or a rule that fails
     */
    public Explanation explain(INDArray input, Target target, boolean keepLayerRelevance) {
        return explain(input, null, target, keepLayerRelevance);
    }

    /**
     * Explains a batch of sequences under DL4J's feature mask, as {@code net.output(input, false, featureMask, null)}
     * computes them: a masked step's state is zero, {@code LastTimeStep} takes each row's last kept step, and masked
     * steps get no relevance. What a recurrent layer's rule gives a masked step's state is reported with the initial
     * state's ({@link StageReport#initialState()}).
     *
     * @param featureMask {@code [batch, T]}, 1 for a kept step and 0 for a masked one; null for none
     * @throws ExplainException as {@link #explain(INDArray, Target, boolean)}, and for a mask that is not zeros and
     *     ones, does not fit the sequence, masks a row entirely, or would reach a layer the engine does not explain
     *     under a mask
     */
    public Explanation explain(INDArray input, INDArray featureMask, Target target, boolean keepLayerRelevance) {
        requireOneInput();
        if (runsCopies()) {
            if (featureMask != null) {
                throw new ExplainException("--mask does not go with --method " + method.label());
            }
            return explainByCopies(List.of(input), target);
        }
        try {
            return BandBudget.during(() -> run(new INDArray[] {input}, featureMask, target, keepLayerRelevance));
        } finally {
            Scratch.endCall();
        }
    }

    /**
     * Explains a batch of a model with several inputs (a {@code ComputationGraph} whose configuration lists them), one
     * array per input in the order of {@link #inputNames()}, each with one row per explained row. The explanation's
     * {@link Explanation#inputRelevance()} has one relevance array per input, in that order; an input the explained
     * output does not read gets zeros. Every method takes several inputs: integrated gradients move every input along
     * its path at once (each from the baseline value; a baseline array is for one input), SmoothGrad adds noise to
     * every input, and occlusion slides its window over each input in turn while the others stay as given.
     *
     * @throws ExplainException as {@link #explain(INDArray, Target, boolean)}, naming the input, and for a number of
     *     arrays other than the model's inputs or arrays of different row counts
     */
    public Explanation explain(List<INDArray> inputs, Target target, boolean keepLayerRelevance) {
        if (inputs != null && inputs.size() == 1) {
            return explain(inputs.get(0), null, target, keepLayerRelevance);
        }
        if (runsCopies()) {
            return explainByCopies(inputs, target);
        }
        try {
            return BandBudget.during(() -> run(inputs == null ? null : inputs.toArray(INDArray[]::new), null, target,
                    keepLayerRelevance));
        } finally {
            Scratch.endCall();
        }
    }

    private Explanation explainByCopies(List<INDArray> inputs, Target target) {
        checkedInputs(inputs);
        return method == Method.OCCLUSION ? new Occlusion(this, path).explain(inputs, target)
                : new AveragedGradients(this, path).explain(inputs, target);
    }

    /** Whether this explainer's method runs copies of the input (integrated gradients, SmoothGrad, occlusion). */
    private boolean runsCopies() {
        return method == Method.INTEGRATED_GRADIENTS || method == Method.SMOOTHGRAD || method == Method.OCCLUSION;
    }

    /** The names of the model's inputs, in the order {@link #explain(List, Target, boolean)} takes them. */
    public List<String> inputNames() {
        return network.inputNames();
    }

    /**
     * What a user should know about explaining this model, one line each (a layer relevance passes through unchanged,
     * say); empty for most models.
     */
    public List<String> warnings() {
        return network.warnings();
    }

    /** The method this explainer runs. */
    public Method method() {
        return method;
    }

    /**
     * The gradient of each row's target score at each input, for {@link AveragedGradients}: one plain gradient pass.
     */
    Explanation gradient(List<INDArray> inputs, Target target) {
        try {
            return BandBudget.during(() -> run(inputs.toArray(INDArray[]::new), null, target, false));
        } finally {
            Scratch.endCall();
        }
    }

    /**
     * The model's scores for a batch as explanations see them (before a final softmax), from the engine's own forward
     * pass alone: for evaluations that score many perturbed inputs.
     *
     * @param input a batch in the model's input shape; it is not modified
     * @return {@code [batch, classes]}
     * @throws ExplainException for NaN or infinite input or an input that does not fit the model
     */
    public INDArray scores(INDArray input) {
        requireOneInput();
        return scores(List.of(input));
    }

    /**
     * {@link #scores(INDArray)} of a model with several inputs: one array per input, in the order of
     * {@link #inputNames()}, each with one row per scored row.
     *
     * @throws ExplainException as {@link #scores(INDArray)}, naming the input, and for a number of arrays other than
     *     the model's inputs or arrays of different row counts
     */
    public INDArray scores(List<INDArray> inputs) {
        try {
            return BandBudget.during(() -> {
                INDArray[] xs = checkedInputs(inputs);
                BandBudget.record(largestPerRow(xs) * xs[0].size(0));
                int n = network.stages().size();
                INDArray[] outputs = new INDArray[n];
                forwardAll(xs, null, new INDArray[n], outputs, null, new long[n][]);
                releaseAllBut(outputs, n - 1, xs);
                return outputs[n - 1];
            });
        } finally {
            Scratch.endCall();
        }
    }

    private Explanation run(INDArray[] given, INDArray featureMask, Target target, boolean keepLayerRelevance) {
        return run(given, featureMask, target, keepLayerRelevance, seed == Seed.SCORE);
    }

    /**
     * One explanation. {@code ledger}: whether to sum each stage's relevance per row on both sides, which LRP needs
     * for what the stages absorbed (score = relevance + absorbed) and which names the stage that made NaN relevance.
     * A gradient pass starts from 1, not from the score, so its totals say nothing; skipping them saves one native
     * call per stage and three per call (a third of the gradient's calls on the Fashion-MNIST CNN at batch 1). Its
     * stage reports then say 0 absorbed, and NaN relevance at the input runs the pass again with the ledger, to name
     * the stage.
     */
    private Explanation run(INDArray[] given, INDArray featureMask, Target target, boolean keepLayerRelevance,
            boolean ledgerKept) {
        INDArray[] xs = checkedInputs(given == null ? null : Arrays.asList(given));
        INDArray x = xs[0];
        INDArray mask = featureMask == null ? null : checkedMask(featureMask, x);
        List<Stage> stages = network.stages();
        int n = stages.size();
        long rows = x.size(0);
        // The forward pass bands its convolutions by the largest activation too: with 16 MB bands, the im2col buffer
        // of a wide layer on top of the activations made the peak of small batches (the CNN at batch 64, VGG-16 at
        // batch 1). The size comes from this call's rows alone, never from what an earlier call found: a band of
        // other images lays the product out differently, which changes rounding, and the same block then gave other
        // bits on a thread's first call than on its later ones (up to 5e-4 relative where a max pooling winner flips).
        BandBudget.record(largestPerRow(xs) * rows);
        // inputs[i] is what stage i read (its input node, or its inputs joined), outputs[i] its output, node i.
        INDArray[] inputs = new INDArray[n];
        INDArray[] outputs = new INDArray[n];
        SequenceStage.Recorded[] runs = new SequenceStage.Recorded[n];
        long[][] joinedShapes = new long[n][];
        long largest = forwardAll(xs, mask, inputs, outputs, runs, joinedShapes);
        INDArray scores = outputs[n - 1];
        // What the pool of reusable arrays may keep is bounded by the activations the backward pass will release.
        List<INDArray> held = new ArrayList<>();
        for (int i = 0; i < n - 1; i++) {
            if (!isOneOf(outputs[i], xs) && !outputs[i].isView()) {
                held.add(outputs[i]);
            }
            if (inputs[i] != null && joined(i, inputs, outputs)) {
                held.add(inputs[i]);
            }
        }
        Scratch.recordActivations(held);
        List<List<long[]>> shapesBelow = shapesBelow(inputs, joinedShapes, outputs, xs);
        boolean[] freeAfterStage = freeAfterStage(inputs, outputs, xs);
        BandBudget.record(largest);
        if (!Double.isFinite(scores.sumNumber().doubleValue())) {
            throw new ExplainException("the model's scores for this input are NaN or infinite");
        }
        INDArray targets = target.resolve(scores);
        INDArray seed = OneHot.of(targets, scores);
        if (this.seed == Seed.SCORE) {
            seed.muli(scores);
        }
        RelevanceLedger ledger = new RelevanceLedger(n);
        INDArray[] layerRelevance = new INDArray[n];
        INDArray[] initialStates = new INDArray[n];
        Pending pending = new Pending(n, xs.length, keepLayerRelevance);
        pending.add(n - 1, seed, seed, ledgerKept ? RowSums.of(seed) : null);
        try {
            for (int i = n - 1; i >= 0; i--) {
                Stage stage = stages.get(i);
                BoundRule rule = plan.ruleOf(i);
                INDArray upper = pending.relevance(i);
                // The array whose memory the relevance is: a reshape's relevance is a view of the one above it, and
                // only the array itself can be handed back once the stages below are done with the view.
                INDArray upperOwner = pending.owner(i);
                INDArray upperTotals = ledgerKept ? ledger.above(i, pending.totals(i)) : null;
                pending.clear(i);
                INDArray in = rejoined(i, inputs, outputs, xs);
                INDArray out = outputs[i];
                boolean outputFree = freeAfterStage[i];
                long upperBase = Buffers.base(upper);
                // A rule done with the relevance before its transposes hands it back then (LinearView.releaseUpper).
                boolean[] upperReleased = {false};
                Runnable releaseUpper = keepLayerRelevance ? null : () -> {
                    upperReleased[0] = true;
                    Scratch.release(upperOwner);
                };
                Scratch.backwardStage(i);
                SequenceStage.Recorded run = runs[i];
                BoundRule cellActivation = plan.cellActivationOf(i);
                INDArray lower = Scratch.stage(() -> stage instanceof SequenceStage recurrent
                        ? backwardRecurrent(stage, recurrent, run, rule, cellActivation, in, upper)
                        : backward(stage, rule, in, out, outputFree, upper, releaseUpper));
                if (run != null) {
                    initialStates[i] = run.initialState();
                    run.free();
                    runs[i] = null;
                }
                // A stage that passed its relevance through (an activation under LRP) has the totals it was given:
                // the same array, which nothing writes to. A stage with several inputs has the totals of its parts.
                int[] from = network.inputsOf(i);
                INDArray[] parts = stage.join() == null ? null : stage.join().split(lower, nodes(from, outputs, xs));
                INDArray[] partTotals = parts == null ? null : new INDArray[parts.length];
                INDArray lowerTotals;
                if (!ledgerKept) {
                    lowerTotals = null;
                } else if (parts != null) {
                    lowerTotals = null;
                    for (int j = 0; j < parts.length; j++) {
                        partTotals[j] = RowSums.of(parts[j]);
                        lowerTotals = lowerTotals == null ? partTotals[j].dup() : lowerTotals.addi(partTotals[j]);
                    }
                    ledger.below(i, lowerTotals);
                } else {
                    lowerTotals = ledger.below(i, lower == upper && !upperReleased[0] ? upperTotals
                            : RowSums.of(lower));
                }
                layerRelevance[i] = keepLayerRelevance ? lower : null;
                // The stage's recorded output is no longer needed: its readers' steps ran before this one. Free it
                // now, not at GC, unless the rule wrote its result there, which then is the relevance, or handed it
                // back already.
                boolean closedByTheRulesView = out.wasClosed();
                if (!closedByTheRulesView && outputFree && Buffers.base(lower) == Buffers.base(out)) {
                    Scratch.activationBecameRelevance(out);
                } else if (!closedByTheRulesView && i < n - 1 && !isOneOf(out, xs)) {
                    Scratch.releaseActivation(out);
                }
                // Unless the result still reads it: a reshape (or a rule) may return a view of the upper relevance.
                // Released by the rule, its memory may hold the result now.
                INDArray lowerOwner = upperOwner;
                if (upperReleased[0]) {
                    lowerOwner = lower;
                } else if (upperBase != Buffers.base(lower)) {
                    if (!keepLayerRelevance) {
                        Scratch.release(upperOwner);
                    }
                    lowerOwner = lower;
                }
                if (parts == null) {
                    pending.add(from[0], lower, lowerOwner, lowerTotals);
                } else {
                    // The parts are copies: the joined relevance can go.
                    if (!keepLayerRelevance) {
                        Scratch.release(lowerOwner);
                    }
                    for (int j = 0; j < from.length; j++) {
                        pending.add(from[j], parts[j], parts[j], partTotals[j]);
                    }
                    if (inputs[i] == null && !in.wasClosed()) {
                        Scratch.release(in);
                    } else if (joined(i, inputs, outputs) && !in.wasClosed()) {
                        Scratch.releaseActivation(in);
                    }
                }
                Scratch.keepOnly(network.dataType(), shapesBelow.get(i));
            }
        } catch (ExplainException e) {
            // A rule that fails on NaN relevance is not the culprit: the stage that made the NaN is.
            throwIfNonFinite(ledger, e);
            throw e;
        }
        INDArray[] relevances = new INDArray[xs.length];
        for (int k = 0; k < xs.length; k++) {
            INDArray r = pending.relevance(CompiledNetwork.inputNode(k));
            // An input the explained output does not read gets none.
            relevances[k] = r != null ? r : Nd4j.zeros(xs[k].dataType(), xs[k].shape());
        }
        INDArray absorbed;
        if (ledgerKept) {
            absorbed = ledger.absorbed();
            // One check for the whole network: a NaN or infinite total makes the sum of what the stages absorbed so.
            if (!Double.isFinite(absorbed.sumNumber().doubleValue())) {
                throwIfNonFinite(ledger, null);
            }
        } else {
            absorbed = Nd4j.zeros(scores.dataType(), n, rows);
            for (INDArray r : relevances) {
                if (!Double.isFinite(r.sumNumber().doubleValue())) {
                    // The failure path: again with the ledger, which names the stage.
                    run(given, featureMask, target, false, true);
                    throw new ExplainException("the relevance at the input is NaN or infinite");
                }
            }
        }
        for (int k = 0; k < xs.length; k++) {
            if (method == Method.GRADIENT_SQUARED) {
                relevances[k] = relevances[k].mul(relevances[k]);
            } else if (method == Method.GRADIENT_X_INPUT && !readByEmbedding(k)) {
                // Token ids are no input to multiply by: an embedding multiplied the gradient by its vectors already.
                relevances[k] = relevances[k].mul(xs[k]);
            }
        }
        return new Explanation(relevances[0], scores, targets,
                new StageReports(network.stages(), plan, absorbed, layerRelevance, initialStates),
                List.of(relevances));
    }

    /** Whether stage {@code i} read a joined array of its own, which is then held like an activation. */
    private boolean joined(int i, INDArray[] inputs, INDArray[] outputs) {
        return network.stages().get(i).join() != null && inputs[i] != outputs[i];
    }

    /** The arrays of the given nodes: stage outputs, or network input {@code k} for node {@code -1 - k}. */
    private static INDArray[] nodes(int[] from, INDArray[] outputs, INDArray[] xs) {
        INDArray[] arrays = new INDArray[from.length];
        for (int j = 0; j < from.length; j++) {
            arrays[j] = from[j] < 0 ? xs[-1 - from[j]] : outputs[from[j]];
        }
        return arrays;
    }

    /** Whether {@code a} is one of the caller's inputs (the very array). */
    /**
     * Frees the activations of a forward pass now, not when the garbage collector runs: the arrays are native, the
     * objects small, so the collector seldom runs, and region perturbation (hundreds of scored batches) held 15 GB
     * of dead activations on the demo CNN. Kept: the result, the inputs, and whatever shares their memory; arrays
     * that share memory with another output (a reshape's) are left to the collector, so that the pool never keeps
     * one buffer twice.
     */
    private static void releaseAllBut(INDArray[] outputs, int kept, INDArray[] xs) {
        java.util.Set<Long> keep = new java.util.HashSet<>();
        keep.add(Buffers.base(outputs[kept]));
        for (INDArray x : xs) {
            keep.add(Buffers.base(x));
        }
        java.util.Map<Long, Integer> owners = new java.util.HashMap<>();
        for (INDArray a : outputs) {
            if (a != null) {
                owners.merge(Buffers.base(a), 1, Integer::sum);
            }
        }
        for (int i = 0; i < outputs.length; i++) {
            INDArray a = outputs[i];
            if (i != kept && a != null && !a.wasClosed()) {
                long base = Buffers.base(a);
                if (!keep.contains(base) && owners.get(base) == 1) {
                    Scratch.releaseActivation(a);
                }
            }
        }
    }

    private static boolean isOneOf(INDArray a, INDArray[] xs) {
        for (INDArray x : xs) {
            if (a == x) {
                return true;
            }
        }
        return false;
    }

    /** Whether the model's (first) input is token ids, read by an embedding layer. */
    public boolean readsTokenIds() {
        return readByEmbedding(0);
    }

    /**
     * A copy of the vectors of the embedding that reads the model's (first) input, {@code [vocabulary, dim]}.
     *
     * @throws ExplainException when no embedding reads it
     */
    public INDArray tokenEmbedding() {
        List<Stage> stages = network.stages();
        for (int i = 0; i < stages.size(); i++) {
            for (int node : network.inputsOf(i)) {
                if (node == CompiledNetwork.inputNode(0) && stages.get(i) instanceof EmbeddingStage embedding) {
                    return embedding.vectors();
                }
            }
        }
        throw new ExplainException("the model reads no token ids: word vectors need an EmbeddingSequenceLayer or"
                + " EmbeddingLayer as its first layer");
    }

    /** Whether network input {@code k} is read by an embedding (token ids), whatever else reads it. */
    private boolean readByEmbedding(int k) {
        List<Stage> stages = network.stages();
        for (int i = 0; i < stages.size(); i++) {
            for (int node : network.inputsOf(i)) {
                if (node == CompiledNetwork.inputNode(k) && stages.get(i) instanceof EmbeddingStage) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Runs every stage forward from {@code x}, filling each stage's input (its input node, or its inputs joined) and
     * output; returns the elements of the largest of them, {@code x} included.
     *
     * <p>A join of its own (the stacked summands of a residual Add: twice its output) is freed once its stage has run,
     * and its input left null: the backward pass joins the inputs again from the outputs it holds anyway
     * ({@link #rejoined}). Held through the forward pass, the Adds' stacks of ResNet-50 at batch 4 were 20 MB beyond
     * the activations, more than one largest activation. {@code joinedShapes[i]} keeps such an input's shape; a
     * recurrent stage keeps its join, which its recorded steps read.
     */
    private long forwardAll(INDArray[] xs, INDArray mask, INDArray[] inputs, INDArray[] outputs,
            SequenceStage.Recorded[] runs, long[][] joinedShapes) {
        List<Stage> stages = network.stages();
        long largest = Arrays.stream(xs).mapToLong(INDArray::length).max().orElse(0);
        for (int i = 0; i < stages.size(); i++) {
            Stage stage = stages.get(i);
            INDArray[] from = nodes(network.inputsOf(i), outputs, xs);
            INDArray in = stage.join() == null ? from[0] : joinInputs(stage, from);
            inputs[i] = in;
            if (stage instanceof SequenceStage recurrent) {
                SequenceStage.Recorded run = forwardRecurrent(stage, recurrent, in, mask);
                if (runs != null) {
                    runs[i] = run;
                } else {
                    // Only the output was wanted (a probe): the steps' blocks go back for reuse now.
                    run.free();
                }
                outputs[i] = run.output();
            } else {
                outputs[i] = Scratch.stage(() -> forward(stage, in));
            }
            largest = Math.max(largest, Math.max(in.length(), outputs[i].length()));
            if (stage.join() != null && !(stage instanceof SequenceStage) && ownJoin(in, from, outputs[i])) {
                joinedShapes[i] = in.shape();
                inputs[i] = null;
                Scratch.release(in);
            }
        }
        return largest;
    }

    /** Whether {@code in}, a stage's joined input, is an array of its own: neither one of its parts nor its output. */
    private static boolean ownJoin(INDArray in, INDArray[] from, INDArray out) {
        if (in == out || Buffers.base(in) == Buffers.base(out)) {
            return false;
        }
        for (INDArray part : from) {
            if (part == in || Buffers.base(part) == Buffers.base(in)) {
                return false;
            }
        }
        return true;
    }

    /** Stage {@code i}'s input: as recorded, or its inputs joined again where the forward pass freed the join. */
    private INDArray rejoined(int i, INDArray[] inputs, INDArray[] outputs, INDArray[] xs) {
        return inputs[i] != null ? inputs[i] : joinInputs(network.stages().get(i), nodes(network.inputsOf(i),
                outputs, xs));
    }

    private static INDArray joinInputs(Stage stage, INDArray[] from) {
        try {
            return stage.join().join(from);
        } catch (RuntimeException e) {
            throw new ExplainException("the inputs of " + stage.layer().describe() + " cannot be joined: "
                    + Arrays.toString(Arrays.stream(from).map(a -> Arrays.toString(a.shape())).toArray()) + " ("
                    + firstLine(e.getMessage()) + ")", e);
        }
    }

    /**
     * The relevance waiting at each node's output while the backward pass walks the graph: the sum of what the
     * node's readers sent back, the array whose memory it is, and its per-row totals when they are known without
     * a sum (its one part was a stage's whole result, whose totals the ledger has). Node -1 is the input.
     */
    private static final class Pending {
        private final INDArray[] relevance;
        private final INDArray[] owner;
        private final INDArray[] totals;
        private final boolean keep;

        /** Network input {@code k}, node {@code -1 - k}, is kept at index {@code inputs - 1 - k}. */
        private final int inputs;

        Pending(int stages, int inputs, boolean keep) {
            relevance = new INDArray[stages + inputs];
            owner = new INDArray[stages + inputs];
            totals = new INDArray[stages + inputs];
            this.inputs = inputs;
            this.keep = keep;
        }

        /** Where node {@code node}'s entries are kept. */
        private int slot(int node) {
            return node + inputs;
        }

        /** Adds a part of node {@code node}'s relevance, with its owner and totals (null: not known). */
        void add(int node, INDArray part, INDArray partOwner, INDArray partTotals) {
            int k = slot(node);
            if (relevance[k] == null) {
                relevance[k] = part;
                owner[k] = partOwner;
                totals[k] = partTotals;
                return;
            }
            // A node read by several stages (a residual skip, an input read by two branches) gets their sum.
            INDArray sum = relevance[k].add(part);
            if (!keep) {
                Scratch.release(owner[k]);
                Scratch.release(partOwner);
            }
            relevance[k] = sum;
            owner[k] = sum;
            totals[k] = null;
        }

        INDArray relevance(int node) {
            return relevance[slot(node)];
        }

        INDArray owner(int node) {
            return owner[slot(node)];
        }

        /** The node's totals, summed now where they are not known. */
        INDArray totals(int node) {
            int k = slot(node);
            return totals[k] != null ? totals[k] : RowSums.of(relevance[k]);
        }

        void clear(int node) {
            relevance[slot(node)] = null;
            owner[slot(node)] = null;
            totals[slot(node)] = null;
        }
    }

    /**
     * Elements of the largest activation (the input included) per row of an input shaped like {@code x}, from a
     * forward pass of its first row on the first call with that row shape; 0 when that row does not fit the model,
     * which the call's own forward pass then reports.
     */
    private long largestPerRow(INDArray[] xs) {
        List<List<Long>> rowShape = Arrays.stream(xs).map(x -> Arrays.stream(x.shape()).skip(1).boxed().toList())
                .toList();
        Long known = largestPerRow.get(rowShape);
        if (known != null) {
            return known;
        }
        int n = network.stages().size();
        long largest;
        try {
            INDArray[] firstRows = Arrays.stream(xs).map(x -> x.get(NDArrayIndex.interval(0, 1)))
                    .toArray(INDArray[]::new);
            largest = forwardAll(firstRows, null, new INDArray[n], new INDArray[n], null, new long[n][]);
        } catch (RuntimeException e) {
            return 0;
        }
        largestPerRow.put(rowShape, largest);
        return largest;
    }

    /**
     * For each stage, whether its recorded output is read by nothing but its own backward step, which may then write
     * into it: it is not the scores (which the explanation returns), not the caller's input, not a view, and shares
     * no memory with an array the stages below still read. Each array's memory is looked up once per call.
     */
    private static boolean[] freeAfterStage(INDArray[] inputs, INDArray[] outputs, INDArray[] xs) {
        int n = outputs.length;
        long[] inputBases = new long[n];
        long[] outputBases = new long[n];
        for (int i = 0; i < n; i++) {
            // A join freed after the forward pass (null) shares no memory with anything.
            inputBases[i] = inputs[i] == null ? -1 : Buffers.base(inputs[i]);
            outputBases[i] = Buffers.base(outputs[i]);
        }
        long[] callerBases = Arrays.stream(xs).mapToLong(Buffers::base).toArray();
        boolean[] free = new boolean[n];
        for (int i = 0; i < n - 1; i++) {
            long base = outputBases[i];
            free[i] = !outputs[i].isView() && Arrays.stream(callerBases).noneMatch(b -> b == base);
            for (int j = 0; j <= i && free[i]; j++) {
                free[i] = inputBases[j] != outputBases[i] && (j == i || outputBases[j] != outputBases[i]);
            }
        }
        return free;
    }

    /**
     * For each stage, the array shapes the backward pass can still ask for once it has gone past the stage: the
     * inputs and outputs of the stages below, and the input's, which the explanation has.
     */
    private static List<List<long[]>> shapesBelow(INDArray[] inputs, long[][] joinedShapes, INDArray[] outputs,
            INDArray[] xs) {
        List<List<long[]>> below = new ArrayList<>();
        List<long[]> shapes = new ArrayList<>(Arrays.stream(xs).map(INDArray::shape).toList());
        for (int i = 0; i < inputs.length; i++) {
            below.add(List.copyOf(shapes));
            shapes.add(inputs[i] != null ? inputs[i].shape() : joinedShapes[i]);
            shapes.add(outputs[i].shape());
        }
        return below;
    }

    /**
     * Bytes this explainer holds in parameter-derived arrays (such as {@code w+} or {@code w + gamma w+}), which rules
     * compute on first use and keep so that no later call recomputes them.
     */
    public long cachedBytes() {
        return network.cachedBytes();
    }

    /**
     * Bytes of the activations the calling thread's last explanation held for its backward pass: every stage output
     * that is an array of its own, each once, without the caller's input and the scores. For memory measurements, whose
     * bound is stated in multiples of the largest activation beyond these.
     */
    public static long recordedActivationBytes() {
        return Scratch.recordedBytes();
    }

    /**
     * Frees the arrays the calling thread keeps for reuse. Each thread keeps the arrays of its last explanation's
     * shapes between calls, as DL4J keeps its workspaces, because a freshly allocated array costs libnd4j's zeroing
     * and, once glibc has returned the memory, a page fault per 4 KB; a thread that is done explaining can give the
     * memory back with this. The next call on the thread allocates afresh.
     *
     * @return the bytes freed
     */
    public static long releaseReusableArrays() {
        return Scratch.releaseKept();
    }

    /**
     * The feature mask in the model's data type, once it is known to be zeros and ones, to keep a step of every row,
     * and to reach only layers that explain under a mask.
     */
    private INDArray checkedMask(INDArray featureMask, INDArray x) {
        if (featureMask.rank() != 2 || featureMask.size(0) != x.size(0)) {
            throw new ExplainException("the feature mask must be [rows, time steps] with the input's " + x.size(0)
                    + " rows; got shape " + Arrays.toString(featureMask.shape()));
        }
        INDArray mask = featureMask.castTo(network.dataType());
        // m (1 - m) is zero exactly where m is 0 or 1; NaN makes the sum NaN.
        double offValues = mask.mul(mask.rsub(1.0)).norm1Number().doubleValue();
        if (!(offValues == 0)) {
            throw new ExplainException("the feature mask must hold only 0 (masked step) and 1 (kept step)");
        }
        INDArray kept = mask.max(1);
        if (kept.minNumber().doubleValue() == 0) {
            throw new ExplainException("the feature mask masks row " + kept.rsub(1.0).argMax().getInt(0)
                    + " entirely: a row needs at least one kept step");
        }
        network.checkMaskPath(mask);
        return mask;
    }

    /** Each input checked and in the model's data type; several must be as many as the model has, of equal rows. */
    private INDArray[] checkedInputs(List<INDArray> given) {
        List<String> names = network.inputNames();
        if (given == null || given.size() != names.size()) {
            throw new ExplainException("the model has " + names.size() + (names.size() == 1 ? " input" : " inputs "
                    + names) + "; got " + (given == null ? 0 : given.size()) + " arrays");
        }
        INDArray[] xs = new INDArray[given.size()];
        for (int k = 0; k < xs.length; k++) {
            try {
                xs[k] = checkedInput(given.get(k));
            } catch (ExplainException e) {
                throw names.size() == 1 ? e : new ExplainException("input " + names.get(k) + ": " + e.getMessage());
            }
            if (xs[k].size(0) != xs[0].size(0)) {
                throw new ExplainException("input " + names.get(k) + " has " + xs[k].size(0) + " rows and input "
                        + names.get(0) + " " + xs[0].size(0) + "; every input needs one row per explained row");
            }
        }
        return xs;
    }

    /** Refuses a single array for a model with several inputs. */
    private void requireOneInput() {
        List<String> names = network.inputNames();
        if (names.size() != 1) {
            throw new ExplainException("the model has " + names.size() + " inputs " + names + ": give one array per"
                    + " input (Explainer.explain(List, ...); ./lrp explain --input NAME=FILE.npy for each)");
        }
    }

    private INDArray checkedInput(INDArray input) {
        if (input == null || input.rank() < 2 || input.size(0) == 0) {
            throw new ExplainException("the input must be a non-empty batch, batch first; got "
                    + (input == null ? "nothing" : "shape " + Arrays.toString(input.shape())));
        }
        INDArray x = input.dataType() == network.dataType() ? input : input.castTo(network.dataType());
        // One sum settles the usual case; the exact checks run only when it is not finite, which overflow can cause.
        if (!Double.isFinite(x.sumNumber().doubleValue())
                && (BooleanIndexing.or(x, Conditions.isNan()) || BooleanIndexing.or(x, Conditions.isInfinite()))) {
            throw new ExplainException("the input contains NaN or infinite values; clean or impute them first");
        }
        return x;
    }

    private void throwIfNonFinite(RelevanceLedger ledger, ExplainException cause) {
        int bad = ledger.firstNonFinite();
        if (bad >= 0) {
            throw new ExplainException("rule " + plan.describe(bad) + " gave NaN or infinite relevance at "
                    + network.stages().get(bad).layer().describe(), cause);
        }
    }

    private static INDArray forward(Stage stage, INDArray in) {
        return fitting(stage, in, () -> stage.forward(in));
    }

    /** A stage's forward pass, whose failure on an input that does not fit says so, naming the stage. */
    private static <T> T fitting(Stage stage, INDArray in, java.util.function.Supplier<T> forward) {
        try {
            return forward.get();
        } catch (ExplainException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ExplainException("the input does not fit the model at " + stage.layer().describe()
                    + ": input shape " + Arrays.toString(in.shape()) + " (" + firstLine(e.getMessage()) + ")", e);
        }
    }

    /**
     * A recurrent layer's forward pass, outside every workspace: what it records at every time step stays until its
     * backward step.
     */
    @SuppressWarnings("try")
    private static SequenceStage.Recorded forwardRecurrent(Stage stage, SequenceStage recurrent, INDArray in,
            INDArray mask) {
        try (org.nd4j.linalg.api.memory.MemoryWorkspace ws =
                org.nd4j.linalg.factory.Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return fitting(stage, in, () -> recurrent.forwardRecorded(in, mask));
        }
    }

    /** A recurrent layer's backward pass through time, with the cell map's rule and its activations' rule. */
    private INDArray backwardRecurrent(Stage stage, SequenceStage recurrent, SequenceStage.Recorded run,
            BoundRule rule, BoundRule cellActivation, INDArray in, INDArray upper) {
        try {
            return recurrent.backward(run, in, upper, rule.rule().linear(), rule.args(),
                    cellActivation.rule().activation(), cellActivation.args(),
                    seed == Seed.SCORE ? RecurrentStage.ProductRule.SIGNAL_TAKE_ALL
                            : RecurrentStage.ProductRule.GRADIENT, method != Method.LRP);
        } catch (ExplainException | SpecException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ExplainException("rule " + rule.describe() + " failed at " + stage.layer().describe() + ": "
                    + firstLine(String.valueOf(e.getMessage())), e);
        }
    }

    /** One stage's backward step: a reshape's own backward, a merge's pass-through, or the stage's rule. */
    private INDArray backward(Stage stage, BoundRule rule, INDArray in, INDArray out, boolean outputFree,
            INDArray upper, Runnable releaseUpper) {
        boolean timesVectors = method == Method.GRADIENT_X_INPUT;
        if (stage instanceof RoutingStage routing) {
            return routing.backward(in, upper);
        }
        if (stage instanceof MergeStage) {
            return upper;
        }
        if (stage instanceof EmbeddingStage embedding) {
            return embedding.backward(in, out, upper, timesVectors);
        }
        if (stage instanceof LocalResponseNormalizationStage normalization) {
            return normalization.backward(in, out, upper, seed == Seed.SCORE);
        }
        return apply(stage, rule, in, out, outputFree, upper, releaseUpper);
    }

    private static INDArray apply(Stage stage, BoundRule rule, INDArray in, INDArray out, boolean outputFree,
            INDArray upper, Runnable releaseUpper) {
        INDArray lower;
        try {
            if (stage instanceof LinearStage linear) {
                lower = rule.rule().linear().relevance(linear.view(in, out, outputFree, releaseUpper), upper,
                        rule.args());
            } else {
                lower = rule.rule().activation().relevance(((ActivationStage) stage).view(in, out, outputFree),
                        upper, rule.args());
            }
        } catch (ExplainException | SpecException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ExplainException("rule " + rule.describe() + " failed at " + stage.layer().describe() + ": "
                    + firstLine(String.valueOf(e.getMessage())), e);
        }
        if (lower == null || !Arrays.equals(lower.shape(), in.shape())) {
            throw new ExplainException("rule " + rule.describe() + " returned "
                    + (lower == null ? "nothing" : "shape " + Arrays.toString(lower.shape())) + " at "
                    + stage.layer().describe() + "; it must return the layer input's shape "
                    + Arrays.toString(in.shape()));
        }
        return lower;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "no detail";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** Collects the model, the method and the rules, then checks them all at once in {@link #build()}. */
    public static final class Builder {
        private final Model net;
        private String output;
        private Integer timeStep;
        private RuleRegistry registry;
        private Method method = Method.LRP;
        private PathSettings path = PathSettings.DEFAULTS;
        private String composite;
        private final List<String> rules = new ArrayList<>();

        private Builder(Model net) {
            if (net == null) {
                throw new ExplainException("no model given");
            }
            this.net = net;
        }

        /**
         * For a model whose output is a sequence ({@code RnnOutputLayer}), the time step whose scores are explained:
         * from 0, or from the end when negative; the last ({@code -1}) by default.
         */
        public Builder timeStep(int step) {
            this.timeStep = step;
            return this;
        }

        /** For a graph with several outputs, the output vertex to explain; the first output by default. */
        public Builder output(String name) {
            this.output = name;
            return this;
        }

        /** The registry to take rules from; by default the classpath is scanned at {@link #build()}. */
        public Builder registry(RuleRegistry registry) {
            this.registry = registry;
            return this;
        }

        /** The method; {@link Method#LRP} by default. */
        public Builder method(Method method) {
            this.method = method;
            return this;
        }

        /**
         * Settings of {@link Method#INTEGRATED_GRADIENTS}, {@link Method#SMOOTHGRAD} and {@link Method#OCCLUSION}:
         * the path's steps and the baseline value, the noisy samples, their noise (a fraction of each row's range) and
         * seed, occlusion's window and stride, and the most copies of the input run at once.
         */
        public Builder path(PathSettings settings) {
            this.path = settings;
            return this;
        }

        /** A composite spec such as {@code epsilon-gamma-box(low=0,high=1)}; only for {@link Method#LRP}. */
        public Builder composite(String spec) {
            this.composite = spec;
            return this;
        }

        /**
         * A rule for some layers, {@code [SELECTOR=]SPEC} such as {@code dense=epsilon(epsilon=0.1)}; no selector
         * means every layer with weights. Rules apply after the composite, in order, later ones overriding.
         */
        public Builder rule(String selectorAndSpec) {
            rules.add(selectorAndSpec);
            return this;
        }

        /** A rule for the layers a selector picks. */
        public Builder rule(String selector, String spec) {
            return rule(selector + "=" + spec);
        }

        /**
         * Compiles the network and resolves every rule.
         *
         * @throws ExplainException for an unsupported layer
         * @throws SpecException for an unknown rule or composite, bad parameters or a layer left without a rule
         */
        public Explainer build() {
            RuleRegistry reg = registry != null ? registry : RuleRegistry.scan();
            NetworkCompiler compiler = Guice.createInjector(new EngineModule()).getInstance(NetworkCompiler.class);
            if (output != null && !(net instanceof ComputationGraph)) {
                throw new ExplainException("--output names an output of a ComputationGraph; this model is a"
                        + " MultiLayerNetwork with one output");
            }
            CompiledNetwork network = net instanceof ComputationGraph graph ? compiler.compile(graph, output)
                    : compiler.compile((MultiLayerNetwork) net, timeStep == null ? -1 : timeStep);
            if (timeStep != null && !network.explainsOneTimeStep()) {
                throw new ExplainException("--time-step goes with a model whose output is a sequence (an"
                        + " RnnOutputLayer); this model's output has no time steps");
            }
            List<PlannedRule> planned = new ArrayList<>();
            Seed seed = Seed.SCORE;
            if (method == Method.LRP) {
                if (composite == null && rules.isEmpty()) {
                    throw new SpecException("--method lrp needs a --composite (e.g. epsilon-plus) or at least one"
                            + " --rule; ./lrp composites lists the composites");
                }
                plan(planned, reg, "activation", "pass");
                plan(planned, reg, "maxpool", "winner-take-all");
                plan(planned, reg, "avgpool", "proportional");
                BoundComposite bound = composite == null ? null : reg.composite(RuleSpec.parse(composite));
                seed = bound == null ? Seed.SCORE : bound.composite().seed();
                // An Add splits relevance in proportion to its summands (Zennit's Norm rule for its Sum); a modified
                // gradient (guided backprop) passes the gradient to both, as the gradient does.
                plan(planned, reg, "add", seed == Seed.SCORE ? "proportional" : "gradient");
                // A BatchNormalization no layer absorbed passes the gradient (relevance times g/std), as Zennit does.
                plan(planned, reg, "batchnorm", "gradient");
                if (bound != null) {
                    for (Assignment a : bound.assignments()) {
                        planned.add(new PlannedRule(Selector.of(a.selector()), reg.rule(a.spec())));
                    }
                }
                for (String r : rules) {
                    planned.add(parseRule(r, reg));
                }
            } else {
                if (composite != null || !rules.isEmpty()) {
                    throw new SpecException("--composite and --rule go with --method lrp; --method " + method.label()
                            + " always uses the plain gradient");
                }
                seed = Seed.UNIT;
                for (String selector : List.of("all", "maxpool", "avgpool", "activation", "add", "batchnorm")) {
                    plan(planned, reg, selector, "gradient");
                }
            }
            for (PlannedRule p : planned) {
                TypeLimits.check(p.rule(), network.dataType());
            }
            return new Explainer(network, RulePlan.resolve(network.stages(), planned), seed, method, path);
        }

        private static void plan(List<PlannedRule> planned, RuleRegistry reg, String selector, String spec) {
            planned.add(new PlannedRule(Selector.of(selector), reg.rule(RuleSpec.parse(spec))));
        }

        static PlannedRule parseRule(String text, RuleRegistry reg) {
            int paren = text.indexOf('(');
            int eq = text.indexOf('=');
            if (eq >= 0 && (paren < 0 || eq < paren)) {
                String selector = text.substring(0, eq).trim();
                if (selector.isEmpty()) {
                    throw new SpecException("empty selector before '=' in '" + text + "'");
                }
                return new PlannedRule(Selector.of(selector), reg.rule(RuleSpec.parse(text.substring(eq + 1))));
            }
            return new PlannedRule(Selector.of(null), reg.rule(RuleSpec.parse(text)));
        }
    }
}

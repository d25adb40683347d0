package io.lrp4j.engine.network;

import io.lrp4j.api.ActivationRule;
import io.lrp4j.api.Arguments;
import io.lrp4j.api.FormulaRule;
import io.lrp4j.api.LinearRule;
import io.lrp4j.api.Stabilizer;
import io.lrp4j.engine.ExplainException;
import io.lrp4j.engine.formula.FormulaPropagation;
import java.util.Arrays;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A recurrent layer, {@code SimpleRnn} or {@code LSTM}, walked one time step at a time: the one loop over steps the
 * engine has. At each step its cell computes {@code z_t = [x_t ; h_(t-1)] [W ; RW] + b}, one linear map over the
 * concatenated input, which rules see through a {@link io.lrp4j.api.LinearView} exactly as they see a dense layer's;
 * the relevance they give {@code [x_t ; h_(t-1)]} splits by position, and {@code h_(t-1)}'s part goes on to step
 * {@code t - 1}.
 *
 * <p>{@code SimpleRnn}: {@code h_t = act(z_t)}, the activation taking the plan's activation rule. {@code LSTM}
 * (DL4J's column blocks {@code [a | f | o | i]}: block input, forget, output and input gate):
 * {@code c_t = f c_(t-1) + i a}, {@code h_t = o act(c_t)}. Its products follow a {@link ProductRule}: under LRP
 * {@link ProductRule#SIGNAL_TAKE_ALL} (Arras et al. 2017), under gradient methods {@link ProductRule#GRADIENT}.
 *
 * <p>{@code h_(-1) = 0} (and {@code c_(-1) = 0}). What a rule gives {@code h_(-1)} (zero for rules that scale with
 * the input; not for {@code flat}, {@code w2}, {@code zB}) stays in the stage: the ledger reports it as absorbed by
 * this layer.
 */
public final class RecurrentStage extends Stage implements SequenceStage {
    /** How an LSTM's products of gates and signals pass relevance. */
    public enum ProductRule {
        /**
         * Arras et al. 2017: {@code h = o act(c)} gives all its relevance to {@code c}, {@code i a} all of its to
         * the block input {@code a}; {@code c_t = f c_(t-1) + i a} splits in proportion to its two terms
         * (stabilized by the rule's epsilon). The gates receive none.
         */
        SIGNAL_TAKE_ALL,
        /** The products' own derivatives, for gradient methods: every gate's path counts. */
        GRADIENT
    }

    private final boolean lstm;
    private final long nIn;
    private final long n;
    private final boolean lastStep;
    private final RNNFormat format;
    /** The map rules see: over {@code [x_t ; h_(t-1)]}, to {@code z_t} (an LSTM's block input {@code a} only). */
    private final LinearStage cell;
    /** An LSTM's whole map, to all four blocks; null for SimpleRnn. */
    private final LinearStage gates;
    /** The cell's activation ({@code SimpleRnn}) or the block input's and the cell state's ({@code LSTM}). */
    private final ActivationStage activation;
    private final IActivation activationFunction;
    private final IActivation gateActivation;
    /** The forward pass's own copies: {@code W [nIn, width]}, {@code RW [n, width]}, {@code b [1, width]} or null. */
    private final INDArray inputWeight;
    private final INDArray recurrentWeight;
    private final INDArray bias;

    private RecurrentStage(LayerInfo info, StageKind kind, long nIn, long n, boolean lastStep, RNNFormat format,
            LinearStage cell, LinearStage gates, IActivation activation, IActivation gateActivation,
            INDArray inputWeight, INDArray recurrentWeight, INDArray bias) {
        super(info, kind);
        this.lstm = kind == StageKind.LSTM;
        this.nIn = nIn;
        this.n = n;
        this.lastStep = lastStep;
        this.format = format == null ? RNNFormat.NCW : format;
        this.cell = cell;
        this.gates = gates;
        this.activation = new ActivationStage(info, activation);
        this.activationFunction = activation;
        this.gateActivation = gateActivation;
        this.inputWeight = inputWeight.dup('c');
        this.recurrentWeight = recurrentWeight.dup('c');
        this.bias = bias == null ? null : bias.reshape(1, bias.length()).dup('c');
    }

    /** A SimpleRnn: {@code W [nIn, n]}, {@code RW [n, n]}, {@code b [n]}. */
    static RecurrentStage simpleRnn(LayerInfo info, INDArray w, INDArray rw, INDArray b, IActivation activation,
            boolean lastStep, RNNFormat format) {
        long nIn = w.size(0);
        long n = w.size(1);
        LinearStage cell = new LinearStage(info, StageKind.SIMPLE_RNN, new DenseMap(nIn + n), Nd4j.vstack(w, rw),
                b == null ? null : b.reshape(1, n));
        return new RecurrentStage(info, StageKind.SIMPLE_RNN, nIn, n, lastStep, format, cell, null, activation, null,
                w, rw, b);
    }

    /** An LSTM without peepholes: {@code W [nIn, 4n]}, {@code RW [n, 4n]}, {@code b [4n]}, blocks {@code [a|f|o|i]}. */
    static RecurrentStage lstm(LayerInfo info, INDArray w, INDArray rw, INDArray b, IActivation activation,
            IActivation gateActivation, boolean lastStep, RNNFormat format) {
        long nIn = w.size(0);
        long n = w.size(1) / 4;
        INDArray all = Nd4j.vstack(w, rw);
        INDArray bias = b.reshape(1, 4 * n);
        INDArrayIndex blockA = NDArrayIndex.interval(0, n);
        LinearStage cell = new LinearStage(info, StageKind.LSTM, new DenseMap(nIn + n),
                all.get(NDArrayIndex.all(), blockA).dup('c'), bias.get(NDArrayIndex.all(), blockA).dup('c'));
        LinearStage gates = new LinearStage(info, StageKind.LSTM, new DenseMap(nIn + n), all, bias);
        return new RecurrentStage(info, StageKind.LSTM, nIn, n, lastStep, format, cell, gates, activation,
                gateActivation, w, rw, b);
    }

    /** The map the plan's linear rule serves, for selectors and cached derived weights. */
    public LinearStage cell() {
        return cell;
    }

    /**
     * What one forward pass recorded, each kind in one block {@code [T, N, width]} (from {@link SequenceBlocks}) whose
     * slice {@code t} is step {@code t}: the cell inputs {@code [x_t ; h_(t-1)]}, the pre-activations (an LSTM's four
     * blocks), the outputs {@code h_t} and an LSTM's activated blocks, cell states and their activations; with each
     * step's views of them, made once (a view costs as much as a small operation); and the feature mask, if any. The
     * backward pass adds what went to the initial state.
     */
    public static final class Run implements Recorded {
        private final INDArray output;
        private final INDArray[] blocks;
        private final Step[] steps;
        private final INDArray mask;
        private INDArray initialState;

        Run(INDArray output, INDArray[] blocks, Step[] steps, INDArray mask) {
            this.output = output;
            this.blocks = blocks;
            this.steps = steps;
            this.mask = mask;
        }

        @Override
        public INDArray output() {
            return output;
        }

        /** Step t's cell input {@code [x_t ; h_(t-1)]}, a view made when a rule needs it. */
        INDArray in(int t) {
            return SequenceBlocks.slice(blocks[0], t);
        }

        @Override
        public INDArray initialState() {
            return initialState;
        }

        @Override
        public void free() {
            // Kept for the next call's forward pass: only their views are dropped.
            SequenceBlocks.give(blocks);
        }
    }

    /**
     * One step's views: its pre-activation and output, and an LSTM's pre-activation of the block input,
     * activated blocks {@code a, f, o, i} (all four, and each), cell state and its activation; null where a
     * SimpleRnn has none.
     */
    private record Step(INDArray z, INDArray h, INDArray zA, INDArray b, INDArray a, INDArray f,
            INDArray o, INDArray i, INDArray c, INDArray actC) {
    }

    @Override
    public boolean endsSequence() {
        return lastStep;
    }

    @Override
    public INDArray forward(INDArray input) {
        Run run = forwardRecorded(input, null);
        run.free();
        return run.output();
    }

    @Override
    public Run forwardRecorded(INDArray input, INDArray mask) {
        if (input.rank() != 3 || input.size(format == RNNFormat.NCW ? 1 : 2) != nIn) {
            throw new ExplainException("the input does not fit the model: " + layer().describe() + " expects "
                    + (format == RNNFormat.NCW ? "[batch, " + nIn + ", time]" : "[batch, time, " + nIn + "]")
                    + ", got shape " + Arrays.toString(input.shape()));
        }
        // Steps first, [T, N, nIn]: each step's rows are then one contiguous slice.
        int steps = (int) input.size(format == RNNFormat.NCW ? 2 : 1);
        long rows = input.size(0);
        DataType type = inputWeight.dataType();
        INDArray xs = SequenceBlocks.take(type, steps, rows, nIn)
                .assign(format == RNNFormat.NCW ? input.permute(2, 0, 1) : input.permute(1, 0, 2));
        INDArray m = mask == null ? null : checkedMask(mask, rows, steps);
        long width = lstm ? 4 * n : n;
        // The input's part of every step's pre-activation in one product, as DL4J computes it; each step adds
        // h_(t-1) RW in place.
        INDArray z = SequenceBlocks.take(type, steps, rows, width);
        Nd4j.gemm(xs.reshape(steps * rows, nIn), inputWeight, z.reshape(steps * rows, width), false, false, 1.0, 0.0);
        if (bias != null) {
            z.reshape(steps * rows, width).addiRowVector(bias);
        }
        INDArray h = SequenceBlocks.take(type, steps, rows, n);
        INDArray inputs = SequenceBlocks.take(type, steps, rows, nIn + n);
        INDArray blocks = lstm ? SequenceBlocks.take(type, steps, rows, width) : null;
        INDArray c = lstm ? SequenceBlocks.take(type, steps, rows, n) : null;
        INDArray actC = lstm ? SequenceBlocks.take(type, steps, rows, n) : null;
        Step[] views = new Step[steps];
        // One rectifier op for every step, pointed at each step's arrays: a new one makes a scalar array for its
        // cutoff each time (2.4% of a ReLU RNN's call at batch 64).
        RectifiedLinear relu = !lstm && ActivationStage.isPlainRelu(activationFunction)
                ? new RectifiedLinear(SequenceBlocks.slice(z, 0), SequenceBlocks.slice(h, 0), 0.0) : null;
        for (int t = 0; t < steps; t++) {
            INDArray zt = SequenceBlocks.slice(z, t);
            if (t > 0) {
                Nd4j.gemm(views[t - 1].h(), recurrentWeight, zt, false, false, 1.0, 1.0);
            }
            INDArray ht = SequenceBlocks.slice(h, t);
            if (relu != null) {
                relu.setX(zt);
                relu.setZ(ht);
                Nd4j.exec(relu);
                views[t] = new Step(zt, ht, null, null, null, null, null, null, null, null);
            } else if (!lstm) {
                activate(activationFunction, zt, ht);
                views[t] = new Step(zt, ht, null, null, null, null, null, null, null, null);
            } else {
                INDArray bt = SequenceBlocks.slice(blocks, t);
                INDArray zA = SequenceBlocks.view(z, t, VIEW_A, v -> v.get(BLOCK_A.apply(n)));
                INDArray a = activate(activationFunction, zA,
                        SequenceBlocks.view(blocks, t, VIEW_A, v -> v.get(BLOCK_A.apply(n))));
                activate(gateActivation, SequenceBlocks.view(z, t, VIEW_GATES, v -> v.get(GATES.apply(n))),
                        SequenceBlocks.view(blocks, t, VIEW_GATES, v -> v.get(GATES.apply(n))));
                INDArray f = SequenceBlocks.view(blocks, t, VIEW_F, v -> block(v, 1));
                INDArray o = SequenceBlocks.view(blocks, t, VIEW_O, v -> block(v, 2));
                INDArray i = SequenceBlocks.view(blocks, t, VIEW_I, v -> block(v, 3));
                INDArray ct = SequenceBlocks.slice(c, t);
                Nd4j.exec(new MulOp(i, a, ct));
                if (t > 0) {
                    ct.addi(f.mul(views[t - 1].c()));
                }
                if (m != null) {
                    ct.muliColumnVector(m.getColumn(t, true));
                }
                INDArray tc = activate(activationFunction, ct, SequenceBlocks.slice(actC, t));
                Nd4j.exec(new MulOp(tc, o, ht));
                views[t] = new Step(zt, ht, zA, bt, a, f, o, i, ct, tc);
            }
            if (m != null) {
                // DL4J zeroes a masked step's output and state: the next step starts from zero, as the first does.
                ht.muliColumnVector(m.getColumn(t, true));
            }
        }
        // The cell inputs [x_t ; h_(t-1)] the rules read, in three assignments for all steps.
        inputs.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, nIn)).assign(xs);
        inputs.get(NDArrayIndex.point(0), NDArrayIndex.all(), NDArrayIndex.interval(nIn, nIn + n)).assign(0);
        if (steps > 1) {
            inputs.get(NDArrayIndex.interval(1, steps), NDArrayIndex.all(), NDArrayIndex.interval(nIn, nIn + n))
                    .assign(h.get(NDArrayIndex.interval(0, steps - 1), NDArrayIndex.all(), NDArrayIndex.all()));
        }
        SequenceBlocks.give(xs);
        INDArray sequence = lastStep && m == null ? null : h.permute(1, 2, 0);
        INDArray output = !lastStep ? (format == RNNFormat.NCW ? sequence : h.permute(1, 0, 2)).dup('c')
                : m == null ? views[steps - 1].h().dup('c') : LastSteps.of(m).take(sequence);
        return new Run(output, new INDArray[] {inputs, z, h, blocks, c, actC}, views, m);
    }

    /** The mask as the model's data type, {@code [N, T]}, checked against the sequence. */
    private INDArray checkedMask(INDArray mask, long rows, int steps) {
        if (mask.rank() != 2 || mask.size(0) != rows || mask.size(1) != steps) {
            throw new ExplainException("the feature mask does not fit " + layer().describe() + ": expected [" + rows
                    + ", " + steps + "] (rows, time steps), got " + Arrays.toString(mask.shape()));
        }
        return mask.castTo(inputWeight.dataType());
    }

    /**
     * The kinds of cached step views ({@link SequenceBlocks#view}) of an LSTM's {@code [T, N, 4n]} blocks: a kind
     * is the same view of whichever such block it is asked of, since a kept block may serve another role next call.
     */
    private static final int VIEW_A = 1;
    private static final int VIEW_GATES = 2;
    private static final int VIEW_F = 3;
    private static final int VIEW_O = 4;
    private static final int VIEW_I = 5;

    private static final java.util.function.LongFunction<INDArrayIndex[]> BLOCK_A =
            n -> new INDArrayIndex[] {NDArrayIndex.all(), NDArrayIndex.interval(0, n)};
    private static final java.util.function.LongFunction<INDArrayIndex[]> GATES =
            n -> new INDArrayIndex[] {NDArrayIndex.all(), NDArrayIndex.interval(n, 4 * n)};

    /**
     * Writes {@code function(z)} to {@code out} and returns {@code out}: one op that reads {@code z} and writes
     * {@code out} for the usual rectifier, tanh and sigmoid; a copy and DL4J's own in-place activation otherwise.
     */
    private static INDArray activate(IActivation function, INDArray z, INDArray out) {
        if (ActivationStage.isPlainRelu(function)) {
            return Nd4j.exec(new RectifiedLinear(z, out, 0.0));
        }
        if (function instanceof ActivationTanH) {
            return Nd4j.exec(new Tanh(z, out));
        }
        if (function instanceof ActivationSigmoid) {
            return Nd4j.exec(new Sigmoid(z, out));
        }
        INDArray result = function.getActivation(out.assign(z), false);
        return result == out ? out : out.assign(result);
    }

    /** Block {@code k} of an LSTM's four, {@code [rows, n]}. */
    private INDArray block(INDArray four, int k) {
        return four.get(NDArrayIndex.all(), NDArrayIndex.interval(k * n, (k + 1) * n));
    }

    @Override
    public INDArray backward(Recorded recorded, INDArray input, INDArray upper, LinearRule linear,
            Arguments linearArgs, ActivationRule act, Arguments actArgs, ProductRule product, boolean chainRule) {
        Run run = (Run) recorded;
        Step[] views = run.steps;
        int steps = views.length;
        long rows = upper.size(0);
        DataType type = upper.dataType();
        INDArray m = run.mask;
        // Relevance at the output, steps first [T, N, n] and our own copy: a step's slice is the rules' to write.
        INDArray fromAbove = null;
        if (!lastStep || m != null) {
            INDArray ncw = lastStep ? LastSteps.of(m).spread(upper, steps)
                    : format == RNNFormat.NCW ? upper : upper.permute(0, 2, 1);
            fromAbove = SequenceBlocks.take(type, steps, rows, n).assign(ncw.permute(2, 0, 1));
        }
        if (!lstm) {
            INDArray atX = chainRule && elementWise(activationFunction)
                    ? gradientThroughTime(run, upper, fromAbove)
                    : relevanceThroughTime(run, upper, fromAbove, linear, linearArgs, act, actArgs);
            if (atX != null) {
                SequenceBlocks.give(fromAbove);
                return atInput(atX.reshape('c', steps, rows, nIn), type, rows, steps);
            }
        }
        // Each step's relevance at [x_t ; h_(t-1)], stacked once at the end: one op instead of one per step.
        INDArray[] atInputs = new INDArray[steps];
        INDArray initial = Nd4j.zeros(type, rows);
        INDArray carriedH = null;
        INDArray carriedC = null;
        double eps = linearArgs.asMap().get("epsilon") instanceof Double e ? e : Stabilizer.DEFAULT_EPSILON;
        INDArrayIndex[] hPart = {NDArrayIndex.all(), NDArrayIndex.interval(nIn, nIn + n)};
        FormulaPropagation.Prepared prepared = prepare(run, linear, linearArgs, product, steps, rows, null);
        for (int t = steps - 1; t >= 0; t--) {
            Step v = views[t];
            INDArray rh;
            if (fromAbove == null) {
                rh = t == steps - 1 ? upper.dup() : carriedH;
            } else {
                rh = carriedH == null ? SequenceBlocks.slice(fromAbove, t)
                        : carriedH.addi(SequenceBlocks.slice(fromAbove, t));
            }
            if (m != null) {
                INDArray keep = m.getColumn(t, true);
                masked(initial, keep, rh);
                if (carriedC != null) {
                    masked(initial, keep, carriedC);
                }
            }
            INDArray ra;
            if (!lstm) {
                INDArray rz = act.relevance(activation.view(v.z(), v.h(), false), rh, actArgs);
                // Nothing reads z_t after the cell's rule: the rule may have it instead of a copy.
                ra = linear.relevance(cell.view(run.in(t), v.z(), true), rz, linearArgs);
            } else if (product == ProductRule.SIGNAL_TAKE_ALL) {
                INDArray rc = carriedC == null ? rh : rh.addi(carriedC);
                INDArray share = Stabilizer.divide(rc, v.c(), eps);
                carriedC = t > 0 ? v.f().mul(views[t - 1].c()).muli(share) : null;
                INDArray ria = share.muli(v.i()).muli(v.a());
                INDArray rza = act.relevance(activation.view(v.zA(), v.a(), false), ria, actArgs);
                ra = prepared != null ? prepared.relevance(cell.view(run.in(t), v.zA(), false), rza, t)
                        : linear.relevance(cell.view(run.in(t), v.zA(), false), rza, linearArgs);
            } else {
                // d h = o act(c), d c = f c_(t-1) + i a, each block through its activation's derivative.
                INDArray dc = activation.view(v.c(), v.actC(), false).backprop(rh.mul(v.o()));
                if (carriedC != null) {
                    dc.addi(carriedC);
                }
                INDArray dz = Nd4j.create(type, rows, 4 * n);
                block(dz, 0).assign(act.relevance(activation.view(v.zA(), v.a(), false), dc.mul(v.i()), actArgs));
                if (t > 0) {
                    Nd4j.exec(new MulOp(dc, views[t - 1].c(), block(dz, 1)));
                }
                Nd4j.exec(new MulOp(rh, v.actC(), block(dz, 2)));
                Nd4j.exec(new MulOp(dc, v.a(), block(dz, 3)));
                INDArray gateGradients = dz.get(GATES.apply(n));
                if (gateActivation instanceof ActivationSigmoid) {
                    // sigmoid' = s (1 - s), from the recorded gates: three ops for all three gates.
                    INDArray s = v.b().get(GATES.apply(n));
                    gateGradients.muli(s.rsub(1.0).muli(s));
                } else {
                    gateGradients.assign(gateActivation.backprop(v.z().get(GATES.apply(n)).dup(),
                            gateGradients.dup()).getFirst());
                }
                carriedC = dc.muli(v.f());
                ra = linear.relevance(gates.view(run.in(t), v.z(), true), dz, linearArgs);
            }
            atInputs[t] = ra;
            carriedH = ra.get(hPart);
            if (t == 0) {
                // What the rule gave h_(-1): zero for rules that scale with the input, not for flat, w2 or zB.
                initial.addi(carriedH.sum(1));
            }
        }
        // Read after the stage's workspace closes.
        run.initialState = initial.detach();
        INDArray stacked = SequenceBlocks.take(type, steps, rows, nIn + n);
        Nd4j.exec(DynamicCustomOp.builder("stack").addInputs(atInputs).addOutputs(stacked).addIntegerArguments(0)
                .build());
        INDArray result = atInput(stacked.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, nIn)),
                type, rows, steps);
        SequenceBlocks.give(stacked, fromAbove);
        return result;
    }

    /** The relevance at {@code x}, {@code [T, N, nIn]}, in the input's layout. */
    private INDArray atInput(INDArray atX, DataType type, long rows, int steps) {
        return Scratch.result(false, type, rows, format == RNNFormat.NCW ? nIn : steps,
                format == RNNFormat.NCW ? steps : nIn)
                .assign(format == RNNFormat.NCW ? atX.permute(1, 2, 0) : atX.permute(1, 0, 2));
    }

    /** A masked step's state is the constant zero: what reaches it goes to the initial state. */
    private static void masked(INDArray initial, INDArray keep, INDArray relevance) {
        initial.addi(relevance.sum(1)).subi(relevance.muliColumnVector(keep).sum(1));
    }

    /** A SimpleRnn's part of a step back: writes the relevance at {@code h_(t-1)} into an array it is given. */
    private interface CellStep {
        void back(int t, INDArray atOutput, INDArray atPrevious);
    }

    /**
     * A SimpleRnn's walk back through time with a step that makes no array: the relevance at {@code h_t} (what the
     * step above left, plus what reached the output at t) goes through {@code step} into the other of two arrays.
     * Sets the run's initial state.
     */
    private void walk(Run run, INDArray upper, INDArray fromAbove, CellStep step) {
        int steps = run.steps.length;
        long rows = upper.size(0);
        DataType type = upper.dataType();
        INDArray initial = Nd4j.zeros(type, rows);
        INDArray[] carried = {Nd4j.createUninitialized(type, rows, n), Nd4j.createUninitialized(type, rows, n)};
        for (int t = steps - 1; t >= 0; t--) {
            INDArray rh;
            if (t == steps - 1) {
                rh = fromAbove == null ? upper.dup() : SequenceBlocks.slice(fromAbove, t);
            } else {
                rh = carried[(t + 1) % 2];
                if (fromAbove != null) {
                    rh.addi(SequenceBlocks.slice(fromAbove, t));
                }
            }
            if (run.mask != null) {
                masked(initial, run.mask.getColumn(t, true), rh);
            }
            step.back(t, rh, carried[t % 2]);
        }
        // What reached h_(-1): zero for rules that scale with the input, not for flat, w2 or zB.
        initial.addi(carried[0].sum(1));
        // Read after the stage's workspace closes.
        run.initialState = initial.detach();
    }

    /**
     * A formula rule through a SimpleRnn ({@link SplitCellRelevance}): the relevance at every {@code x_t},
     * {@code [T * N, nIn]}; null for rules that compute their own relevance.
     */
    private INDArray relevanceThroughTime(Run run, INDArray upper, INDArray fromAbove, LinearRule linear,
            Arguments linearArgs, ActivationRule act, Arguments actArgs) {
        int steps = run.steps.length;
        long rows = upper.size(0);
        FormulaPropagation.Prepared prepared = prepare(run, linear, linearArgs, ProductRule.SIGNAL_TAKE_ALL, steps,
                rows, shape -> SequenceBlocks.take(upper.dataType(), shape));
        if (prepared == null) {
            return null;
        }
        SplitCellRelevance split = new SplitCellRelevance(prepared, run.blocks[0].reshape('c', steps * rows, nIn + n),
                nIn, steps);
        INDArray zero = Nd4j.zeros(upper.dataType(), rows, n);
        if (act.passesThrough() && fromAbove == null && run.mask == null && split.timesInputOnly()) {
            // Nothing but the step above reaches h_t, and the activation passes its relevance on: h_(t-1), the factor
            // of the relevance at h_(t-1), is folded into step t-1's reciprocals.
            split.foldPreviousOutputs(run.blocks[2]);
            INDArray[] carried = {Nd4j.createUninitialized(upper.dataType(), rows, n),
                    Nd4j.createUninitialized(upper.dataType(), rows, n)};
            for (int t = steps - 1; t >= 0; t--) {
                split.stepWithoutOperand(t, t == steps - 1 ? upper : carried[(t + 1) % 2], carried[t % 2]);
            }
            // What reached h_(-1) = 0: zero, unless the sums were not finite.
            run.initialState = carried[0].muli(zero).sum(1).detach();
            return split.atInputs();
        }
        Step[] views = run.steps;
        walk(run, upper, fromAbove, (t, rh, out) -> split.step(t,
                act.relevance(activation.view(views[t].z(), views[t].h(), false), rh, actArgs),
                t > 0 ? views[t - 1].h() : zero, out));
        return split.atInputs();
    }

    /**
     * The plain gradient through a SimpleRnn, the engine's own backward pass through time: {@code f'(z)} for all steps
     * at once, then per step one product with it (in place) and one with {@code RW^T}; the gradient at every
     * {@code x_t} in one product after the walk, {@code [T * N, nIn]}.
     */
    private INDArray gradientThroughTime(Run run, INDArray upper, INDArray fromAbove) {
        int steps = run.steps.length;
        long rows = upper.size(0);
        INDArray z = run.blocks[1];
        INDArray d = SequenceBlocks.take(z.dataType(), steps, rows, n);
        if (ActivationStage.isPlainRelu(activationFunction)) {
            // As the activation stage's backprop: g [z > 0].
            Nd4j.exec(new org.nd4j.linalg.api.ops.impl.scalar.Step(z, d, 0.0));
        } else {
            d.assign(activationFunction.backprop(z.dup(), Nd4j.onesLike(z)).getFirst());
        }
        walk(run, upper, fromAbove, (t, rh, out) -> {
            INDArray dz = SequenceBlocks.slice(d, t);
            Nd4j.exec(new MulOp(dz, rh, dz));
            MatrixProducts.into(dz, recurrentWeight, true, out);
        });
        INDArray atX = MatrixProducts.into(d.reshape('c', steps * rows, n), inputWeight, true,
                Nd4j.createUninitialized(z.dataType(), steps * rows, nIn));
        SequenceBlocks.give(d);
        return atX;
    }

    /** Activations whose derivative is element-wise and whose DL4J backprop takes any shape. */
    private static boolean elementWise(IActivation f) {
        return ActivationStage.isPlainRelu(f) || f instanceof ActivationTanH || f instanceof ActivationSigmoid
                || f instanceof org.nd4j.linalg.activations.impl.ActivationIdentity;
    }

    /**
     * A formula rule's denominators for every step at once, from the recorded blocks: they do not depend on the
     * relevance, so the loop over steps keeps only one product per share and the transposes (a ReLU RNN's step under
     * epsilon: four native calls instead of ten). Null for rules that compute their own relevance, and for the
     * gradient product rule, whose map is the LSTM's four gates.
     *
     * @param blocks where the reciprocals go, {@code [steps, rows, n]}, for a caller that gives them back; null for
     *     fresh arrays
     */
    private FormulaPropagation.Prepared prepare(Run run, LinearRule linear, Arguments linearArgs, ProductRule product,
            int steps, long rows, java.util.function.Function<long[], INDArray> blocks) {
        if (!(linear instanceof FormulaRule rule) || (lstm && product != ProductRule.SIGNAL_TAKE_ALL)) {
            return null;
        }
        INDArray inputs = run.blocks[0].reshape('c', steps * rows, nIn + n);
        INDArray z = run.blocks[1].reshape('c', steps * rows, lstm ? 4 * n : n);
        if (lstm) {
            z = z.get(BLOCK_A.apply(n));
        }
        return FormulaPropagation.prepare(cell.view(inputs, z, false), rule.formula(linearArgs), steps, blocks);
    }
}

package io.lrp4j.engine.network;

import io.lrp4j.api.ActivationRule;
import io.lrp4j.api.Arguments;
import io.lrp4j.api.LinearRule;
import io.lrp4j.api.Stabilizer;
import io.lrp4j.engine.ExplainException;
import java.util.Arrays;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
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
    private final IActivation gateActivation;

    private RecurrentStage(LayerInfo info, StageKind kind, long nIn, long n, boolean lastStep, RNNFormat format,
            LinearStage cell, LinearStage gates, IActivation activation, IActivation gateActivation) {
        super(info, kind);
        this.lstm = kind == StageKind.LSTM;
        this.nIn = nIn;
        this.n = n;
        this.lastStep = lastStep;
        this.format = format == null ? RNNFormat.NCW : format;
        this.cell = cell;
        this.gates = gates;
        this.activation = new ActivationStage(info, activation);
        this.gateActivation = gateActivation;
    }

    /** A SimpleRnn: {@code W [nIn, n]}, {@code RW [n, n]}, {@code b [n]}. */
    static RecurrentStage simpleRnn(LayerInfo info, INDArray w, INDArray rw, INDArray b, IActivation activation,
            boolean lastStep, RNNFormat format) {
        long nIn = w.size(0);
        long n = w.size(1);
        LinearStage cell = new LinearStage(info, StageKind.SIMPLE_RNN, new DenseMap(nIn + n), Nd4j.vstack(w, rw),
                b == null ? null : b.reshape(1, n));
        return new RecurrentStage(info, StageKind.SIMPLE_RNN, nIn, n, lastStep, format, cell, null, activation, null);
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
                gateActivation);
    }

    /** The map the plan's linear rule serves, for selectors and cached derived weights. */
    public LinearStage cell() {
        return cell;
    }

    /**
     * What one forward pass recorded, per time step: the cell inputs {@code [x_t ; h_(t-1)]}, the pre-activations
     * (an LSTM's four blocks), the outputs {@code h_t} and an LSTM's activated blocks and cell states.
     */
    public record Run(INDArray output, INDArray[] inputs, INDArray[] z, INDArray[] h, INDArray[] blocks,
            INDArray[] c) implements Recorded {
        @Override
        public void free() {
            for (INDArray[] arrays : new INDArray[][] {inputs, z, h, blocks, c}) {
                if (arrays == null) {
                    continue;
                }
                for (INDArray a : arrays) {
                    if (a != null && a != output && !a.wasClosed() && a.closeable()) {
                        a.close();
                    }
                }
            }
        }
    }

    @Override
    public INDArray forward(INDArray input) {
        return forwardRecorded(input).output();
    }

    @Override
    public Run forwardRecorded(INDArray input) {
        if (input.rank() != 3 || input.size(format == RNNFormat.NCW ? 1 : 2) != nIn) {
            throw new ExplainException("the input does not fit the model: " + layer().describe() + " expects "
                    + (format == RNNFormat.NCW ? "[batch, " + nIn + ", time]" : "[batch, time, " + nIn + "]")
                    + ", got shape " + Arrays.toString(input.shape()));
        }
        INDArray x = format == RNNFormat.NCW ? input : input.permute(0, 2, 1);
        long rows = x.size(0);
        int steps = (int) x.size(2);
        INDArray[] inputs = new INDArray[steps];
        INDArray[] z = new INDArray[steps];
        INDArray[] h = new INDArray[steps];
        INDArray[] blocks = lstm ? new INDArray[steps] : null;
        INDArray[] c = lstm ? new INDArray[steps] : null;
        INDArray hPrev = Nd4j.zeros(x.dataType(), rows, n);
        INDArray cPrev = Nd4j.zeros(x.dataType(), rows, n);
        for (int t = 0; t < steps; t++) {
            inputs[t] = Nd4j.hstack(x.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(t)), hPrev);
            if (!lstm) {
                z[t] = cell.forward(inputs[t]).detach();
                h[t] = activation.forward(z[t]).detach();
            } else {
                z[t] = gates.forward(inputs[t]).detach();
                INDArray a = activation.forward(block(z[t], 0)).detach();
                INDArray f = gate(block(z[t], 1));
                INDArray o = gate(block(z[t], 2));
                INDArray i = gate(block(z[t], 3));
                blocks[t] = Nd4j.hstack(a, f, o, i);
                c[t] = f.mul(cPrev).addi(i.mul(a));
                h[t] = activation.forward(c[t]).detach().muli(o);
                cPrev = c[t];
            }
            hPrev = h[t];
        }
        INDArray output = lastStep ? h[steps - 1] : sequence(h);
        return new Run(output, inputs, z, h, blocks, c);
    }

    /** Block {@code k} of an LSTM's four, {@code [rows, n]}. */
    private INDArray block(INDArray four, int k) {
        return four.get(NDArrayIndex.all(), NDArrayIndex.interval(k * n, (k + 1) * n));
    }

    private INDArray gate(INDArray z) {
        return gateActivation.getActivation(z.dup(), false);
    }

    /** Steps {@code [rows, n]} as the layer's sequence output, in its format. */
    private INDArray sequence(INDArray[] steps) {
        INDArray ncw = Nd4j.stack(2, steps);
        return format == RNNFormat.NCW ? ncw : ncw.permute(0, 2, 1).dup('c');
    }

    /** Step {@code t} of a sequence in this layer's format, {@code [rows, width]}. */
    private INDArray step(INDArray sequence, int t) {
        return format == RNNFormat.NCW ? sequence.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(t))
                : sequence.get(NDArrayIndex.all(), NDArrayIndex.point(t), NDArrayIndex.all());
    }

    @Override
    public INDArray backward(Recorded recorded, INDArray input, INDArray upper, LinearRule linear,
            Arguments linearArgs, ActivationRule act, Arguments actArgs, ProductRule product) {
        Run run = (Run) recorded;
        int steps = run.inputs().length;
        long rows = input.size(0);
        INDArray result = Nd4j.zeros(input.dataType(), rows, nIn, steps);
        INDArray carriedH = null;
        INDArray carriedC = null;
        double eps = linearArgs.asMap().get("epsilon") instanceof Double e ? e : Stabilizer.DEFAULT_EPSILON;
        for (int t = steps - 1; t >= 0; t--) {
            INDArray fromAbove = lastStep ? (t == steps - 1 ? upper : null) : step(upper, t);
            INDArray rh = fromAbove == null ? carriedH : carriedH == null ? fromAbove.dup() : carriedH.add(fromAbove);
            if (rh == null) {
                rh = Nd4j.zeros(input.dataType(), rows, n);
            }
            INDArray ra;
            if (!lstm) {
                INDArray rz = act.relevance(activation.view(run.z()[t], run.h()[t], false), rh, actArgs);
                ra = linear.relevance(cell.view(run.inputs()[t], run.z()[t], false), rz, linearArgs);
            } else if (product == ProductRule.SIGNAL_TAKE_ALL) {
                INDArray cT = run.c()[t];
                INDArray rc = carriedC == null ? rh : rh.add(carriedC);
                INDArray share = Stabilizer.divide(rc, cT, eps);
                INDArray a = block(run.blocks()[t], 0);
                INDArray i = block(run.blocks()[t], 3);
                INDArray f = block(run.blocks()[t], 1);
                carriedC = t > 0 ? f.mul(run.c()[t - 1]).muli(share) : null;
                INDArray ria = i.mul(a).muli(share);
                INDArray za = block(run.z()[t], 0);
                INDArray rza = act.relevance(activation.view(za, a, false), ria, actArgs);
                ra = linear.relevance(cell.view(run.inputs()[t], za, false), rza, linearArgs);
            } else {
                // d h = o act(c), d c = f c_(t-1) + i a, each block through its activation's derivative.
                INDArray blocks = run.blocks()[t];
                INDArray a = block(blocks, 0);
                INDArray f = block(blocks, 1);
                INDArray o = block(blocks, 2);
                INDArray i = block(blocks, 3);
                INDArray cT = run.c()[t];
                INDArray actC = activation.forward(cT);
                INDArray dc = activation.view(cT, actC, false).backprop(rh.mul(o));
                if (carriedC != null) {
                    dc.addi(carriedC);
                }
                INDArray cPrev = t > 0 ? run.c()[t - 1] : Nd4j.zerosLike(cT);
                INDArray za = block(run.z()[t], 0);
                INDArray dz = Nd4j.hstack(
                        act.relevance(activation.view(za, a, false), dc.mul(i), actArgs),
                        gateBackprop(block(run.z()[t], 1), dc.mul(cPrev)),
                        gateBackprop(block(run.z()[t], 2), rh.mul(actC)),
                        gateBackprop(block(run.z()[t], 3), dc.mul(a)));
                carriedC = dc.muli(f);
                ra = linear.relevance(gates.view(run.inputs()[t], run.z()[t], false), dz, linearArgs);
            }
            result.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(t))
                    .assign(ra.get(NDArrayIndex.all(), NDArrayIndex.interval(0, nIn)));
            carriedH = t > 0 ? ra.get(NDArrayIndex.all(), NDArrayIndex.interval(nIn, nIn + n)).dup() : null;
        }
        return format == RNNFormat.NCW ? result : result.permute(0, 2, 1).dup('c');
    }

    private INDArray gateBackprop(INDArray z, INDArray g) {
        return gateActivation.backprop(z.dup(), g.dup()).getFirst();
    }
}

package io.lrp4j.engine.network;

import io.lrp4j.api.ActivationRule;
import io.lrp4j.api.Arguments;
import io.lrp4j.api.LinearRule;
import io.lrp4j.api.Stabilizer;
import io.lrp4j.engine.ExplainException;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * DL4J's {@code Bidirectional}: one recurrent layer reads the sequence forward, another reads it reversed in time,
 * and their outputs (the second reversed back) are concatenated ({@code CONCAT}), added ({@code ADD}) or averaged
 * ({@code AVERAGE}). Relevance at the combined output splits back by slicing (CONCAT), or in proportion to each
 * direction's contribution (ADD, AVERAGE, stabilized as an Add vertex is; under gradient methods the sum's derivative),
 * then each direction walks back through time, and the backward direction's relevance is reversed into input order.
 */
public final class BidirectionalStage extends Stage implements SequenceStage {
    private final RecurrentStage forward;
    private final RecurrentStage backward;
    private final Bidirectional.Mode mode;
    private final boolean lastStep;
    private final RNNFormat format;

    BidirectionalStage(LayerInfo info, RecurrentStage forward, RecurrentStage backward, Bidirectional.Mode mode,
            boolean lastStep, RNNFormat format) {
        super(info, forward.kind());
        if (mode == Bidirectional.Mode.MUL) {
            throw new ExplainException(info.describe() + " is not supported: Bidirectional MUL multiplies the"
                    + " directions; CONCAT, ADD and AVERAGE are supported");
        }
        this.forward = forward;
        this.backward = backward;
        this.mode = mode;
        this.lastStep = lastStep;
        this.format = format == null ? RNNFormat.NCW : format;
    }

    /** The forward direction's cell map, which the plan's rule serves (the backward direction's takes it too). */
    public LinearStage cell() {
        return forward.cell();
    }

    /** What both directions recorded, and their outputs in input order, {@code [N, n, T]}. */
    record Run(INDArray output, RecurrentStage.Run fwd, RecurrentStage.Run bwd, INDArray f, INDArray b, INDArray mask)
            implements Recorded {
        @Override
        public INDArray initialState() {
            INDArray f = fwd.initialState();
            INDArray b = bwd.initialState();
            return f == null || b == null ? null : f.add(b);
        }

        @Override
        public void free() {
            fwd.free();
            bwd.free();
        }
    }

    /** A sequence {@code [N, C, T]} in reverse time order. */
    private static INDArray reversed(INDArray ncw) {
        return TimeSeriesVertexStage.reverseTime(ncw);
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
        INDArray x = format == RNNFormat.NCW ? input : input.permute(0, 2, 1).dup('c');
        RecurrentStage.Run fwd = forward.forwardRecorded(x, mask);
        // As DL4J's Bidirectional: the reversed direction reads the mask reversed too.
        RecurrentStage.Run bwd = backward.forwardRecorded(reversed(x), mask == null ? null
                : reversed(mask.reshape(mask.size(0), 1, mask.size(1))).reshape(mask.size(0), mask.size(1)));
        INDArray f = fwd.output();
        INDArray b = reversed(bwd.output());
        INDArray combined = switch (mode) {
            case CONCAT -> Nd4j.concat(1, f, b);
            case ADD -> f.add(b);
            default -> f.add(b).muli(0.5);
        };
        INDArray out = !lastStep ? (format == RNNFormat.NCW ? combined : combined.permute(0, 2, 1).dup('c'))
                : mask == null ? combined.get(NDArrayIndex.all(), NDArrayIndex.all(),
                        NDArrayIndex.point(combined.size(2) - 1)).dup('c')
                : LastSteps.of(mask.castTo(combined.dataType())).take(combined);
        return new Run(out, fwd, bwd, f, b, mask);
    }

    @Override
    public INDArray backward(Recorded recorded, INDArray input, INDArray upper, LinearRule linear,
            Arguments linearArgs, ActivationRule act, Arguments actArgs, RecurrentStage.ProductRule product,
            boolean chainRule) {
        Run run = (Run) recorded;
        INDArray x = format == RNNFormat.NCW ? input : input.permute(0, 2, 1).dup('c');
        long steps = x.size(2);
        INDArray sequence;
        if (lastStep) {
            sequence = run.mask() == null ? LastSteps.spreadLast(upper, steps)
                    : LastSteps.of(run.mask().castTo(upper.dataType())).spread(upper, steps);
        } else {
            sequence = format == RNNFormat.NCW ? upper : upper.permute(0, 2, 1).dup('c');
        }
        INDArray uf;
        INDArray ub;
        long n = run.f().size(1);
        if (mode == Bidirectional.Mode.CONCAT) {
            uf = sequence.get(NDArrayIndex.all(), NDArrayIndex.interval(0, n), NDArrayIndex.all()).dup('c');
            ub = sequence.get(NDArrayIndex.all(), NDArrayIndex.interval(n, 2 * n), NDArrayIndex.all()).dup('c');
        } else if (product == RecurrentStage.ProductRule.GRADIENT) {
            double share = mode == Bidirectional.Mode.ADD ? 1 : 0.5;
            uf = sequence.mul(share);
            ub = sequence.mul(share);
        } else {
            // In proportion to each direction's part of the sum, stabilized as an Add vertex's relevance is.
            INDArray ratio = Stabilizer.divide(sequence, run.f().add(run.b()), Stabilizer.DEFAULT_EPSILON);
            uf = run.f().mul(ratio);
            ub = run.b().mul(ratio);
        }
        INDArray rf = forward.backward(run.fwd(), x, uf, linear, linearArgs, act, actArgs, product,
                chainRule);
        INDArray rb = reversed(backward.backward(run.bwd(), reversed(x), reversed(ub), linear, linearArgs, act,
                actArgs, product, chainRule));
        INDArray lower = rf.addi(rb);
        return format == RNNFormat.NCW ? lower : lower.permute(0, 2, 1).dup('c');
    }
}

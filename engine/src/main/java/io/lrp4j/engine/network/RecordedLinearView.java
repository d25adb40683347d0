package io.lrp4j.engine.network;

import io.lrp4j.api.LinearView;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A linear stage together with what it recorded in one forward pass. */
final class RecordedLinearView implements LinearView {
    private final LinearStage stage;
    private final INDArray input;
    private final INDArray output;
    /** Whether nothing but this view reads the recorded output any more, so that it can be handed over. */
    private final boolean outputFree;
    private boolean outputTaken;
    private Boolean nonNegative;
    /** What {@link #releaseUpper()} does, at most once; null for nothing. */
    private Runnable upperRelease;

    RecordedLinearView(LinearStage stage, INDArray input, INDArray output, boolean outputFree, Runnable upperRelease) {
        this.stage = stage;
        this.input = input;
        this.output = output;
        this.outputFree = outputFree;
        this.upperRelease = upperRelease;
    }

    @Override
    public INDArray input() {
        return input;
    }

    @Override
    public INDArray output() {
        checkOutputNotTaken();
        return output;
    }

    @Override
    public INDArray takeOutput() {
        checkOutputNotTaken();
        // Taken even when it is a copy, so that a rule that reads z after overwriting it fails on every view alike,
        // not only on the engine's, whose array it would read overwritten.
        outputTaken = true;
        if (!outputFree) {
            return output.dup();
        }
        // The rule's array now, no longer a held activation: the pool may keep one more array for this step's
        // results (on the MLP the relevance the rule hands back, which its transpose then takes).
        Scratch.activationBecameRelevance(output);
        return output;
    }

    @Override
    public void releaseOutput() {
        checkOutputNotTaken();
        outputTaken = true;
        if (outputFree) {
            Scratch.releaseActivation(output);
        }
    }

    /** This view, with {@link #releaseUpper()} running {@code release} instead. */
    RecordedLinearView withUpperRelease(Runnable release) {
        return new RecordedLinearView(stage, input, output, outputFree, release);
    }

    @Override
    public void releaseUpper() {
        Runnable release = upperRelease;
        upperRelease = null;
        if (release != null) {
            release.run();
        }
    }

    private void checkOutputNotTaken() {
        if (outputTaken) {
            throw new IllegalStateException("the recorded output was handed over by takeOutput() or releaseOutput();"
                    + " read output() and outputWithoutBias() before that, and hand it over once");
        }
    }

    @Override
    public INDArray weight() {
        return stage.weight();
    }

    @Override
    public INDArray bias() {
        return stage.bias();
    }

    @Override
    public INDArray forward(INDArray x, INDArray w, INDArray b) {
        return Scratch.call(() -> stage.map().forward(x, w, b));
    }

    @Override
    public boolean inputNonNegative() {
        // Views are per call and per thread, so a plain lazy field is enough.
        if (nonNegative == null) {
            nonNegative = input.minNumber().doubleValue() >= 0;
        }
        return nonNegative;
    }

    @Override
    public INDArray outputWithoutBias() {
        checkOutputNotTaken();
        return stage.bias() == null ? output : stage.map().withoutBias(output, stage.bias());
    }

    @Override
    public INDArray derived(String key, java.util.function.Supplier<INDArray> compute) {
        return stage.derived(key, compute);
    }

    @Override
    public INDArray transpose(INDArray g, INDArray w) {
        return Scratch.call(() -> stage.map().transpose(g, w, input));
    }

    @Override
    public INDArray transposeSum(INDArray g1, INDArray w1, INDArray g2, INDArray w2) {
        return Scratch.call(() -> stage.map().transposeSum(g1, w1, g2, w2, input));
    }

    @Override
    public INDArray propagate(io.lrp4j.api.Formula formula, INDArray upper) {
        return io.lrp4j.engine.formula.FormulaPropagation.run(this, formula, upper);
    }
}

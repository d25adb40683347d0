package io.lrp4j.engine.network;

import io.lrp4j.engine.ExplainException;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastCopyOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Each row's last time step, as DL4J's {@code LastTimeStep} takes it: the last step overall, or under a feature mask
 * the last step the row's mask keeps ({@code TimeSeriesUtils.pullLastTimeSteps}). Kept as one-hot rows
 * {@code [batch, T]}, so that taking the steps and sending relevance back to them are a few operations for the whole
 * batch, never a loop over rows.
 */
final class LastSteps {
    /** {@code [batch, T]}: a 1 at each row's last step. */
    private final INDArray selection;

    private LastSteps(INDArray selection) {
        this.selection = selection;
    }

    /** The last kept step of each row of {@code mask} ({@code [batch, T]}, zeros and ones). */
    static LastSteps of(INDArray mask) {
        long steps = mask.size(1);
        // argmax of mask * (t + 1): the last kept step, and 0 for a row with none, which the explainer refuses.
        INDArray position = Nd4j.arange(1, steps + 1).castTo(mask.dataType()).reshape(1, steps);
        INDArray last = mask.mulRowVector(position).argMax(1);
        return new LastSteps(io.lrp4j.engine.OneHot.of(last, mask));
    }

    /** The selected step of each row of a sequence {@code [batch, width, T]}: {@code [batch, width]}. */
    INDArray take(INDArray ncw) {
        check(ncw.size(2));
        INDArray picked = Nd4j.createUninitialized(ncw.dataType(), ncw.shape());
        Nd4j.getExecutioner().exec(new BroadcastMulOp(ncw, selection.castTo(ncw.dataType()), picked, 0, 2));
        return picked.sum(2);
    }

    /** Relevance of the selected steps {@code [batch, width]} as a sequence {@code [batch, width, T]}, zero elsewhere. */
    INDArray spread(INDArray upper, long steps) {
        check(steps);
        INDArray sequence = Nd4j.create(upper.dataType(), upper.size(0), upper.size(1), steps);
        Nd4j.getExecutioner().exec(new BroadcastCopyOp(sequence, upper, sequence, 0, 1));
        Nd4j.getExecutioner().exec(new BroadcastMulOp(sequence, selection.castTo(upper.dataType()), sequence, 0, 2));
        return sequence;
    }

    /** Relevance of the last step of every row, {@code [batch, width]}, as a sequence: no mask, one assignment. */
    static INDArray spreadLast(INDArray upper, long steps) {
        INDArray sequence = Nd4j.create(upper.dataType(), upper.size(0), upper.size(1), steps);
        sequence.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(steps - 1)).assign(upper);
        return sequence;
    }

    private void check(long steps) {
        if (steps != selection.size(1)) {
            throw new ExplainException("the feature mask has " + selection.size(1) + " time steps, the sequence "
                    + steps);
        }
    }
}

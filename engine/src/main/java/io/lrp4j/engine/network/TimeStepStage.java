package io.lrp4j.engine.network;

import io.lrp4j.engine.ExplainException;
import java.util.Arrays;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The one time step of a sequence an {@code RnnOutputLayer}'s explained scores come from: the layer's map is the same
 * at every step, and the scores at step {@code t} read only step {@code t} of its input, so the step is taken first.
 * Relevance goes back to that step; every other step gets none from here.
 */
final class TimeStepStage extends SelectingStage {
    /** The step, counted from 0, or from the end when negative ({@code -1}: the last). */
    private final int step;
    private final RNNFormat format;

    TimeStepStage(LayerInfo layer, int step, RNNFormat format) {
        super(layer);
        this.step = step;
        this.format = format == null ? RNNFormat.NCW : format;
    }

    private int timeAxis() {
        return format == RNNFormat.NCW ? 2 : 1;
    }

    private INDArrayIndex[] at(long t) {
        INDArrayIndex[] index = {NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all()};
        index[timeAxis()] = NDArrayIndex.point(t);
        return index;
    }

    private long resolve(INDArray sequence) {
        if (sequence.rank() != 3) {
            throw new ExplainException("the input does not fit the model: " + layer().describe() + " reads a sequence"
                    + " [batch, features, time], got shape " + Arrays.toString(sequence.shape()));
        }
        long steps = sequence.size(timeAxis());
        long t = step < 0 ? steps + step : step;
        if (t < 0 || t >= steps) {
            throw new ExplainException("time step " + step + " is out of range: the sequence has " + steps
                    + " steps (0 to " + (steps - 1) + ", or -1 for the last)");
        }
        return t;
    }

    /**
     * Checks that the explained step is kept in every row of a feature mask {@code [batch, T]}: DL4J's scores at a
     * masked step are zero, with nothing to explain.
     */
    void checkKept(INDArray mask) {
        long steps = mask.size(1);
        long t = step < 0 ? steps + step : step;
        if (t < 0 || t >= steps) {
            throw new ExplainException("time step " + step + " is out of range: the feature mask has " + steps
                    + " steps (0 to " + (steps - 1) + ", or -1 for the last)");
        }
        INDArray column = mask.getColumn(t);
        if (column.minNumber().doubleValue() == 0) {
            throw new ExplainException("time step " + t + " is masked in row " + column.rsub(1.0).argMax().getInt(0)
                    + ", where DL4J's scores are zero; explain a step every row keeps, or rows of one length"
                    + " together");
        }
    }

    @Override
    INDArrayIndex[] selected(INDArray input) {
        return at(resolve(input));
    }
}

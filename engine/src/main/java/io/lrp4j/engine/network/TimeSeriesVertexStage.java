package io.lrp4j.engine.network;

import io.lrp4j.engine.ExplainException;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.Reverse;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * {@code LastTimeStepVertex} (the last step of a sequence {@code [batch, features, T]}; the others get no relevance)
 * and {@code ReverseTimeSeriesVertex} (the sequence reversed in time; relevance reversed back). Without a mask: under
 * one, the engine refuses these before anything runs.
 */
final class TimeSeriesVertexStage extends RoutingStage {
    private final boolean reverse;

    private TimeSeriesVertexStage(LayerInfo layer, boolean reverse) {
        super(layer);
        this.reverse = reverse;
    }

    static TimeSeriesVertexStage lastStep(LayerInfo layer) {
        return new TimeSeriesVertexStage(layer, false);
    }

    static TimeSeriesVertexStage reversed(LayerInfo layer) {
        return new TimeSeriesVertexStage(layer, true);
    }

    private void check(INDArray x) {
        if (x.rank() != 3) {
            throw new ExplainException("the input does not fit the model: " + layer().describe() + " reads a sequence"
                    + " [batch, features, time], got shape " + Arrays.toString(x.shape()));
        }
    }

    /** A sequence [N, C, T] in reverse time order: libnd4j's reverse op, one call. */
    static INDArray reverseTime(INDArray ncw) {
        INDArray reversed = Nd4j.createUninitialized(ncw.dataType(), ncw.shape());
        Nd4j.exec(new Reverse(ncw, reversed, 2));
        return reversed;
    }

    @Override
    public INDArray forward(INDArray input) {
        check(input);
        return reverse ? reverseTime(input)
                : input.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(input.size(2) - 1)).dup('c');
    }

    @Override
    public INDArray backward(INDArray input, INDArray upper) {
        return reverse ? reverseTime(upper) : LastSteps.spreadLast(upper, input.size(2));
    }
}

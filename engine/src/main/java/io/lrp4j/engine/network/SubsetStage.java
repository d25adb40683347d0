package io.lrp4j.engine.network;

import io.lrp4j.engine.ExplainException;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** {@code SubsetVertex}: features (or channels) {@code from} to {@code to}, inclusive; the rest get no relevance. */
final class SubsetStage extends SelectingStage {
    private final int from;
    private final int to;

    SubsetStage(LayerInfo layer, int from, int to) {
        super(layer);
        this.from = from;
        this.to = to;
    }

    @Override
    INDArrayIndex[] selected(INDArray x) {
        if (x.rank() < 2 || x.rank() > 4 || x.size(1) <= to) {
            throw new ExplainException("the input does not fit the model: " + layer().describe() + " takes features "
                    + from + " to " + to + " of [batch, features, ...], got shape " + Arrays.toString(x.shape()));
        }
        INDArrayIndex[] index = new INDArrayIndex[x.rank()];
        Arrays.fill(index, NDArrayIndex.all());
        index[1] = NDArrayIndex.interval(from, to, true);
        return index;
    }
}

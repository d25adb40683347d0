package io.lrp4j.engine.network;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;

/**
 * A stage whose output is a part of its input (a crop, a subset of features, one time step): the rest contributes
 * nothing, so relevance goes back to that part and the rest gets none.
 */
abstract class SelectingStage extends RoutingStage {
    SelectingStage(LayerInfo layer) {
        super(layer);
    }

    /** The part of {@code input} that is the output; throws an ExplainException when the input does not fit. */
    abstract INDArrayIndex[] selected(INDArray input);

    @Override
    public INDArray forward(INDArray input) {
        return input.get(selected(input)).dup('c');
    }

    @Override
    public INDArray backward(INDArray input, INDArray upper) {
        INDArray result = Nd4j.zeros(upper.dataType(), input.shape());
        result.get(selected(input)).assign(upper);
        return result;
    }
}

package io.lrp4j.engine.network;

import io.lrp4j.engine.ExplainException;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/** {@code ReshapeVertex}: the values in a new shape, in the vertex's order; relevance reshaped back. */
final class ReshapeVertexStage extends RoutingStage {
    private final char order;
    private final long[] shape;

    ReshapeVertexStage(LayerInfo layer, char order, int[] shape) {
        super(layer);
        this.order = order;
        this.shape = Arrays.stream(shape).asLongStream().toArray();
    }

    @Override
    public INDArray forward(INDArray input) {
        try {
            return input.dup(order).reshape(order, shape).dup('c');
        } catch (RuntimeException e) {
            throw new ExplainException("the input does not fit the model: " + layer().describe() + " reshapes to "
                    + Arrays.toString(shape) + ", got shape " + Arrays.toString(input.shape()), e);
        }
    }

    @Override
    public INDArray backward(INDArray input, INDArray upper) {
        return upper.dup(order).reshape(order, input.shape()).dup('c');
    }
}

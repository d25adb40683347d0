package io.lrp4j.engine.network;

import io.lrp4j.engine.ExplainException;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code DuplicateToTimeSeriesVertex}: a vector per row {@code [N, F]} repeated at every time step of a sequence
 * input of the network, {@code [N, F, T]} (NCW, as DL4J reads that input's length). The stage reads two nodes, the
 * vector and the network input whose length it takes; its join does the repeating, and the stage passes the joined
 * array on as its output. Relevance: the vector's is the sum over the time steps of its copies' (they are the same
 * value), and the sequence input, whose values are not read, gets none from here.
 */
final class DuplicateToTimeStage extends RoutingStage {
    private final Join join = new Join() {
        @Override
        public INDArray join(INDArray[] inputs) {
            INDArray vector = inputs[0];
            INDArray reference = inputs[1];
            if (vector.rank() != 2 || reference.rank() != 3) {
                throw new ExplainException("the input does not fit the model: " + layer().describe()
                        + " repeats a vector [batch, features] over the time steps of a sequence [batch, features,"
                        + " time]; got shapes " + Arrays.toString(vector.shape()) + " and "
                        + Arrays.toString(reference.shape()));
            }
            long steps = reference.size(2);
            INDArray out = Nd4j.createUninitialized(vector.dataType(), vector.size(0), vector.size(1), steps);
            return out.assign(vector.reshape(vector.size(0), vector.size(1), 1).broadcast(out.shape()));
        }

        @Override
        public INDArray[] split(INDArray relevance, INDArray[] inputs) {
            return new INDArray[] {relevance.sum(2), Nd4j.zeros(inputs[1].dataType(), inputs[1].shape())};
        }
    };

    DuplicateToTimeStage(LayerInfo layer) {
        super(layer);
    }

    @Override
    public Join join() {
        return join;
    }

    /** The repeated vector, which the join made. */
    @Override
    public INDArray forward(INDArray input) {
        return input;
    }

    @Override
    public INDArray backward(INDArray input, INDArray upper) {
        return upper;
    }
}

package io.lrp4j.engine.network;

import io.lrp4j.engine.ExplainException;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code SpaceToDepthLayer}: each {@code b x b} block of pixels becomes {@code b^2} channels of one pixel, by
 * libnd4j's {@code space_to_depth}, the op DL4J's layer runs, in the layer's own layout. It only moves values, so
 * relevance goes back by the inverse move, {@code depth_to_space}.
 */
final class SpaceToDepthStage extends RoutingStage {
    private final int block;
    private final boolean channelsFirst;

    SpaceToDepthStage(LayerInfo layer, int block, boolean channelsFirst) {
        super(layer);
        this.block = block;
        this.channelsFirst = channelsFirst;
    }

    private INDArray move(String op, INDArray in, long... outShape) {
        INDArray out = Nd4j.createUninitialized(in.dataType(), outShape);
        Nd4j.exec(DynamicCustomOp.builder(op).addInputs(in.dup('c')).addIntegerArguments(block, channelsFirst ? 0 : 1)
                .addOutputs(out).callInplace(false).build());
        return out;
    }

    @Override
    public INDArray forward(INDArray input) {
        int c = channelsFirst ? 1 : 3;
        int h = channelsFirst ? 2 : 1;
        if (input.rank() != 4 || input.size(h) % block != 0 || input.size(h + 1) % block != 0) {
            throw new ExplainException("the input does not fit the model: " + layer().describe() + " moves "
                    + block + "x" + block + " blocks of " + (channelsFirst ? "[batch, channels, height, width]"
                    : "[batch, height, width, channels]") + " images whose height and width are multiples of " + block
                    + "; got shape " + Arrays.toString(input.shape()));
        }
        long[] shape = input.shape().clone();
        shape[c] *= (long) block * block;
        shape[h] /= block;
        shape[h + 1] /= block;
        return move("space_to_depth", input, shape);
    }

    @Override
    public INDArray backward(INDArray input, INDArray upper) {
        return move("depth_to_space", upper, input.shape());
    }
}

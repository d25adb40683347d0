package io.lrp4j.engine.network;

import io.lrp4j.engine.ExplainException;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code Upsampling2D} (NCHW): each pixel repeated over a {@code sh x sw} block, with libnd4j's own op. Each copy
 * carries the pixel's value, so the pixel's relevance is the sum of its copies' (the op's gradient): conserved.
 */
final class UpsamplingStage extends RoutingStage {
    private final int[] size;

    UpsamplingStage(LayerInfo layer, int[] size) {
        super(layer);
        this.size = size.length == 1 ? new int[] {size[0], size[0]} : size.clone();
    }

    @Override
    public INDArray forward(INDArray input) {
        if (input.rank() != 4) {
            throw new ExplainException("the input does not fit the model: " + layer().describe() + " upsamples"
                    + " [batch, channels, height, width], got shape " + Arrays.toString(input.shape()));
        }
        INDArray out = Nd4j.createUninitialized(input.dataType(), input.size(0), input.size(1),
                input.size(2) * size[0], input.size(3) * size[1]);
        // Last argument 1 selects NCHW.
        Nd4j.exec(DynamicCustomOp.builder("upsampling2d").addIntegerArguments(size[0], size[1], 1).addInputs(input)
                .addOutputs(out).build());
        return out;
    }

    @Override
    public INDArray backward(INDArray input, INDArray upper) {
        INDArray result = Nd4j.createUninitialized(upper.dataType(), input.shape());
        Nd4j.exec(DynamicCustomOp.builder("upsampling_bp").addIntegerArguments(1).addInputs(input, upper)
                .addOutputs(result).build());
        return result;
    }
}

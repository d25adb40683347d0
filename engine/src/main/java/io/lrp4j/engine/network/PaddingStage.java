package io.lrp4j.engine.network;

import io.lrp4j.engine.ExplainException;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * {@code ZeroPaddingLayer} (NCHW): zeros around the image. The zeros contribute nothing, so relevance is the padded
 * relevance cropped back to the image.
 */
final class PaddingStage extends RoutingStage {
    private final int top;
    private final int bottom;
    private final int left;
    private final int right;

    PaddingStage(LayerInfo layer, int[] padding) {
        super(layer);
        this.top = padding[0];
        this.bottom = padding[1];
        this.left = padding[2];
        this.right = padding[3];
    }

    @Override
    public INDArray forward(INDArray input) {
        if (input.rank() != 4) {
            throw new ExplainException("the input does not fit the model: " + layer().describe()
                    + " pads [batch, channels, height, width], got shape " + Arrays.toString(input.shape()));
        }
        INDArray out = Nd4j.zeros(input.dataType(), input.size(0), input.size(1), input.size(2) + top + bottom,
                input.size(3) + left + right);
        interior(out, input.size(2), input.size(3)).assign(input);
        return out;
    }

    @Override
    public INDArray backward(INDArray input, INDArray upper) {
        return interior(upper, upper.size(2) - top - bottom, upper.size(3) - left - right).dup('c');
    }

    private INDArray interior(INDArray padded, long height, long width) {
        INDArrayIndex all = NDArrayIndex.all();
        return padded.get(all, all, NDArrayIndex.interval(top, top + height), NDArrayIndex.interval(left,
                left + width));
    }
}

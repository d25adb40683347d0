package io.lrp4j.engine.network;

import io.lrp4j.engine.ExplainException;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Moves images between channels-last ({@code NHWC}, Keras' default) and channels-first ({@code NCHW}) layout around a
 * layer that computes in NHWC: the layer itself runs channels-first, as every other convolution and pooling does, so
 * rules see the same views whatever the layout. Relevance moves back the other way. Each costs a copy of the
 * activation.
 */
final class LayoutStage extends RoutingStage {
    private final boolean toChannelsFirst;

    private LayoutStage(LayerInfo layer, boolean toChannelsFirst) {
        super(layer);
        this.toChannelsFirst = toChannelsFirst;
    }

    /** Whether this stage moves images to channels-last (after a layer), rather than to channels-first. */
    boolean toChannelsLast() {
        return !toChannelsFirst;
    }

    /** NHWC to NCHW, in front of the layer. */
    static LayoutStage toChannelsFirst(LayerInfo layer) {
        return new LayoutStage(layer, true);
    }

    /** NCHW back to NHWC, after the layer. */
    static LayoutStage toChannelsLast(LayerInfo layer) {
        return new LayoutStage(layer, false);
    }

    private static INDArray move(INDArray a, boolean toChannelsFirst) {
        return (toChannelsFirst ? a.permute(0, 3, 1, 2) : a.permute(0, 2, 3, 1)).dup('c');
    }

    @Override
    public INDArray forward(INDArray input) {
        if (input.rank() != 4) {
            throw new ExplainException("the input does not fit the model: " + layer().describe() + " expects"
                    + " channels-last images [batch, height, width, channels], got shape "
                    + Arrays.toString(input.shape()));
        }
        return move(input, toChannelsFirst);
    }

    @Override
    public INDArray backward(INDArray input, INDArray upper) {
        return move(upper, !toChannelsFirst);
    }
}

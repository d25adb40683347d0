package io.lrp4j.engine.network;

import io.lrp4j.engine.ExplainException;
import java.util.Arrays;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Moves a sequence between {@code [batch, features, time]} ({@code NCW}) or {@code [batch, time, features]}
 * ({@code NWC}) and an image {@code [batch, features, time, 1]}, around a one-dimensional convolution or pooling
 * layer: DL4J computes those as their two-dimensional counterparts over a single column, and so does lrp4j, so that
 * every rule meets the same convolution view. Relevance moves back the other way.
 */
final class SequenceImageStage extends RoutingStage {
    private final RNNFormat format;
    private final boolean toImage;

    private SequenceImageStage(LayerInfo layer, RNNFormat format, boolean toImage) {
        super(layer);
        this.format = format;
        this.toImage = toImage;
    }

    /** A sequence in {@code format} to an image with one column, in front of the layer. */
    static SequenceImageStage toImage(LayerInfo layer, RNNFormat format) {
        return new SequenceImageStage(layer, format, true);
    }

    /** An image with one column back to a sequence in {@code format}, after the layer. */
    static SequenceImageStage toSequence(LayerInfo layer, RNNFormat format) {
        return new SequenceImageStage(layer, format, false);
    }

    private INDArray image(INDArray sequence) {
        INDArray channelsFirst = format == RNNFormat.NWC ? sequence.permute(0, 2, 1) : sequence;
        return channelsFirst.dup('c').reshape('c', sequence.size(0), channelsFirst.size(1), channelsFirst.size(2), 1);
    }

    private INDArray sequence(INDArray image) {
        INDArray channelsFirst = image.reshape('c', image.size(0), image.size(1), image.size(2));
        return format == RNNFormat.NWC ? channelsFirst.permute(0, 2, 1).dup('c') : channelsFirst.dup('c');
    }

    @Override
    public INDArray forward(INDArray input) {
        if (toImage && input.rank() != 3) {
            throw new ExplainException("the input does not fit the model: " + layer().describe() + " expects"
                    + " sequences " + (format == RNNFormat.NWC ? "[batch, time, features]" : "[batch, features, time]")
                    + ", got shape " + Arrays.toString(input.shape()));
        }
        return toImage ? image(input) : sequence(input);
    }

    @Override
    public INDArray backward(INDArray input, INDArray upper) {
        return toImage ? sequence(upper) : image(upper);
    }
}

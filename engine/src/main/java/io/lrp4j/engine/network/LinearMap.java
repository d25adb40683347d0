package io.lrp4j.engine.network;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The geometry of one linear layer type: its map and that map's transpose, for any weight of the layer's shape.
 * Implementations are immutable.
 */
public interface LinearMap {
    /** {@code forward(x, w, b)}; {@code b} may be null. */
    INDArray forward(INDArray x, INDArray w, INDArray b);

    /**
     * The transpose applied to {@code g}.
     *
     * @param recordedInput the input of the forward pass, which fixes the input shape (and, for max pooling, the
     *     winners)
     */
    INDArray transpose(INDArray g, INDArray w, INDArray recordedInput);

    /**
     * {@code transpose(g1, w1) + transpose(g2, w2)}, as one array. By default two transposes; convolutions add both
     * products into one col2im buffer, which saves a col2im.
     */
    default INDArray transposeSum(INDArray g1, INDArray w1, INDArray g2, INDArray w2, INDArray recordedInput) {
        INDArray second = transpose(g2, w2, recordedInput);
        INDArray sum = transpose(g1, w1, recordedInput).addi(second);
        Scratch.release(second);
        return sum;
    }

    /**
     * A weight with the values and shape of {@code w}, laid out in memory as this map reads weights fastest; by
     * default {@code w} itself. The stage keeps its weight and the weights derived from it this way, once.
     */
    default INDArray stored(INDArray w) {
        return w;
    }

    /** {@code z} with the bias {@code b} (one value per output unit) taken off again. */
    INDArray withoutBias(INDArray z, INDArray b);

    /**
     * Checks that an input fits this map.
     *
     * @return null when it fits, else what the layer expected, e.g. {@code 72 features}
     */
    String misfit(INDArray x);
}

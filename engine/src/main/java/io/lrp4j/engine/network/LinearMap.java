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

    /** {@code z} with the bias {@code b} (one value per output unit) taken off again. */
    INDArray withoutBias(INDArray z, INDArray b);

    /**
     * Checks that an input fits this map.
     *
     * @return null when it fits, else what the layer expected, e.g. {@code 72 features}
     */
    String misfit(INDArray x);
}

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
     * Two weights stacked along their output units, so that {@code transpose(concat(g1, g2), stacked)} is
     * {@code transpose(g1, w1) + transpose(g2, w2)}; only for maps whose {@link #stacks()} is true, where one
     * product saves something. Convolutions stack (one col2im instead of two, for a copy of two small kernels);
     * dense layers do not, since their weights can be large and two products cost what one stacked product does.
     */
    default INDArray stackOutputs(INDArray w1, INDArray w2) {
        throw new UnsupportedOperationException("this map does not stack weights");
    }

    /** Whether {@link #stackOutputs} is supported. */
    default boolean stacks() {
        return false;
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

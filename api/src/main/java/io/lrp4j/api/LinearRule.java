package io.lrp4j.api;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A rule for layers that are linear maps. Implementations are stateless and thread-safe.
 *
 * <p>Contract: the result has the shape of {@code layer.input()}, is finite whenever {@code upper} is, and is linear
 * in {@code upper}. It must not modify any argument.
 */
public interface LinearRule extends Parameterized {
    /**
     * Maps the relevance at the layer's output to relevance at its input.
     *
     * @param layer the layer, with its recorded input and output
     * @param upper relevance at the layer's output, of the shape of {@code layer.output()}
     * @param args this rule's parameter values
     * @return relevance at the layer's input, a new array of the shape of {@code layer.input()}
     */
    INDArray relevance(LinearView layer, INDArray upper, Arguments args);

    /**
     * Whether the rule needs a weight; rules that do not may also serve weightless maps such as pooling.
     * {@code true} by default.
     */
    default boolean needsWeights() {
        return true;
    }
}

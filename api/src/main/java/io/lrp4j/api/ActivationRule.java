package io.lrp4j.api;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A rule for element-wise activation layers. Implementations are stateless and thread-safe; the result has the
 * shape of {@code upper} and is a new array, or {@code upper} itself for a rule that passes relevance through
 * unchanged: the engine never writes relevance it hands to a rule or gets back from one.
 */
public interface ActivationRule extends Parameterized {
    /**
     * Maps the relevance at the activation's output to relevance at its input.
     *
     * @param layer the activation, with its recorded input and output
     * @param upper relevance at the output
     * @param args this rule's parameter values
     */
    INDArray relevance(ActivationView layer, INDArray upper, Arguments args);
}

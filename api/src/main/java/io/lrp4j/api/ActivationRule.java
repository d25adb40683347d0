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

    /**
     * Whether {@link #relevance} always returns {@code upper} itself, whatever the layer and the arguments. The engine
     * may then skip the call and fold the identity into what surrounds it (a recurrent cell's steps need one native
     * operation fewer each). The default, {@code false}, is always correct.
     */
    default boolean passesThrough() {
        return false;
    }
}

package io.lrp4j.engine.network;

import io.lrp4j.api.ActivationRule;
import io.lrp4j.api.Arguments;
import io.lrp4j.api.LinearRule;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A stage walked one time step at a time ({@link RecurrentStage}, {@link BidirectionalStage}): its forward pass
 * records what every step computed, which its backward pass through time reads, and it takes two rules, one for its
 * cell map and one for the activations inside the cell.
 */
public interface SequenceStage {
    /** What one forward pass recorded. */
    interface Recorded {
        /** The stage's output. */
        INDArray output();

        /** Frees what the steps recorded, all but the output, once the backward pass is done with them. */
        void free();
    }

    /** The forward pass, keeping what the backward pass needs. */
    Recorded forwardRecorded(INDArray input);

    /**
     * Relevance at the input, walking back from the last step.
     *
     * @param run what the forward pass recorded
     * @param upper relevance at the output
     * @param linear the rule of the cell map, with its arguments
     * @param act the rule of the activations in the cell, with its arguments
     * @param product how an LSTM's products pass relevance, and a bidirectional layer's sum of its directions
     */
    INDArray backward(Recorded run, INDArray input, INDArray upper, LinearRule linear, Arguments linearArgs,
            ActivationRule act, Arguments actArgs, RecurrentStage.ProductRule product);
}

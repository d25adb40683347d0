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

        /**
         * Per row, the relevance the backward pass gave states that are constants, {@code [batch]}: the initial
         * state {@code h_(-1)} and the states a feature mask reset to zero; part of what the stage absorbed. Null
         * before the backward pass.
         */
        INDArray initialState();

        /** Frees what the steps recorded, all but the output, once the backward pass is done with them. */
        void free();
    }

    /** Whether the output is one step ({@code LastTimeStep}), not a sequence. */
    boolean endsSequence();

    /**
     * The forward pass, keeping what the backward pass needs.
     *
     * @param mask DL4J's feature mask {@code [batch, T]} (1 keeps a step, 0 masks it), or null
     */
    Recorded forwardRecorded(INDArray input, INDArray mask);

    /**
     * Relevance at the input, walking back from the last step.
     *
     * @param run what the forward pass recorded
     * @param upper relevance at the output
     * @param linear the rule of the cell map, with its arguments
     * @param act the rule of the activations in the cell, with its arguments
     * @param product how an LSTM's products pass relevance, and a bidirectional layer's sum of its directions
     * @param chainRule whether every rule is the plain chain rule (a gradient method): the stage may then run its
     *     own backward pass through time instead of applying the rules step by step
     */
    INDArray backward(Recorded run, INDArray input, INDArray upper, LinearRule linear, Arguments linearArgs,
            ActivationRule act, Arguments actArgs, RecurrentStage.ProductRule product, boolean chainRule);
}

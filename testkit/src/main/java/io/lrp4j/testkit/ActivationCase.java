package io.lrp4j.testkit;

import io.lrp4j.api.ActivationView;
import io.lrp4j.engine.network.StandaloneViews;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One generated activation: its function, pre-activation and upper relevance.
 *
 * @param relu a rectifier when true, tanh otherwise
 * @param x the pre-activation, batch first
 * @param upper relevance at the output
 * @param seed the seed the values came from
 */
public record ActivationCase(boolean relu, INDArray x, INDArray upper, long seed) {
    /** The engine's view of this activation. */
    public ActivationView view() {
        return StandaloneViews.activation(x, relu);
    }

    @Override
    public String toString() {
        return (relu ? "ReLU" : "tanh") + ", value seed " + seed + ": x" + Arrays.toString(x.shape()) + "\n  x = "
                + x.toStringFull().replace("\n", " ") + "\n  upper = " + upper.toStringFull().replace("\n", " ");
    }
}

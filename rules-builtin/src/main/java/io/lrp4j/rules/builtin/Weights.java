package io.lrp4j.rules.builtin;

import io.lrp4j.api.LinearView;
import io.lrp4j.api.SignedParts;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Parameter-derived arrays the built-in rules share, computed once per layer and explainer through the view. */
final class Weights {
    private Weights() {
    }

    static INDArray positive(LinearView layer) {
        return layer.derived("w+", () -> SignedParts.positive(layer.weight()));
    }

    static INDArray negative(LinearView layer) {
        return layer.derived("w-", () -> SignedParts.negative(layer.weight()));
    }

    /**
     * {@code forward(input, weight, bias)} for an input that is the same for every sample (ones, or a constant):
     * computed once per layer, input shape and key, for one sample, and broadcast to the batch of {@code like}.
     */
    static INDArray constantInputForward(LinearView layer, String key, double value, INDArray weight, INDArray bias,
            INDArray like) {
        long[] sample = layer.input().shape().clone();
        sample[0] = 1;
        INDArray one = layer.derived(key + ":" + Arrays.toString(sample),
                () -> layer.forward(Nd4j.valueArrayOf(sample, value, layer.input().dataType()), weight, bias));
        return one.broadcast(like.shape());
    }
}

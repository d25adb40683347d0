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
     * computed once per layer, input shape and key, for one sample. The result has batch size 1; ND4J broadcasts it
     * over a batch in {@code sub} or {@code div}, so no batch-sized copy of it is ever made.
     */
    static INDArray constantInputForward(LinearView layer, String key, double value, INDArray weight, INDArray bias) {
        long[] sample = layer.input().shape().clone();
        sample[0] = 1;
        return layer.derived(key + ":" + Arrays.toString(sample),
                () -> layer.forward(Nd4j.valueArrayOf(sample, value, layer.input().dataType()), weight, bias));
    }
}

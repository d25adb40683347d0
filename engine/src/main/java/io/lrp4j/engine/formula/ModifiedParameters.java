package io.lrp4j.engine.formula;

import io.lrp4j.api.LinearView;
import io.lrp4j.api.SignedParts;
import io.lrp4j.api.WeightMap;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** A layer's weight and bias under a {@link WeightMap}, each computed once per layer and explainer. */
final class ModifiedParameters {
    private ModifiedParameters() {
    }

    /** {@code map(w)}; {@code null} on a weightless map (pooling), which ignores its weight. */
    static INDArray weight(LinearView layer, WeightMap map) {
        INDArray w = layer.weight();
        if (w == null) {
            if (!map.equals(WeightMap.WEIGHT)) {
                throw new IllegalStateException("the weight map " + map + " needs a layer with weights");
            }
            return null;
        }
        return apply(layer, "", w, map);
    }

    /** {@code map(b)}, or {@code null} when the layer has no bias. */
    static INDArray bias(LinearView layer, WeightMap map) {
        INDArray b = layer.bias();
        return b == null ? null : apply(layer, "bias:", b, map);
    }

    private static INDArray apply(LinearView layer, String prefix, INDArray p, WeightMap map) {
        if (map.equals(WeightMap.WEIGHT)) {
            return p;
        }
        return layer.derived(prefix + map, () -> switch (map.kind()) {
            case SQUARED -> p.mul(p);
            case ONES -> Nd4j.onesLike(p);
            case COMBINATION -> combine(layer, prefix, p, map);
        });
    }

    private static INDArray combine(LinearView layer, String prefix, INDArray p, WeightMap map) {
        if (map.equals(WeightMap.POSITIVE)) {
            return SignedParts.positive(p);
        }
        if (map.equals(WeightMap.NEGATIVE)) {
            return SignedParts.negative(p);
        }
        // Sums of the parts the other maps keep: gamma's w + gamma w+ needs w+ anyway.
        INDArray sum = null;
        sum = add(sum, p, map.ofWeight());
        sum = add(sum, apply(layer, prefix, p, WeightMap.POSITIVE), map.ofPositive());
        sum = add(sum, apply(layer, prefix, p, WeightMap.NEGATIVE), map.ofNegative());
        return sum == null ? Nd4j.zerosLike(p) : sum;
    }

    private static INDArray add(INDArray sum, INDArray part, double coefficient) {
        if (coefficient == 0) {
            return sum;
        }
        INDArray scaled = coefficient == 1 ? part.dup() : part.mul(coefficient);
        return sum == null ? scaled : scaled.addi(sum);
    }
}

package io.lrp4j.testkit.broken;

import io.lrp4j.api.Arguments;
import io.lrp4j.api.LinearRule;
import io.lrp4j.api.LinearView;
import io.lrp4j.api.Rule;
import org.nd4j.linalg.api.ndarray.INDArray;

/** LRP-0 without a stabilizer: NaN wherever a pre-activation is zero. */
@Rule(name = "unstabilized", summary = "x * T(R / z) with no stabilizer")
public final class UnstabilizedRule implements LinearRule {
    @Override
    public INDArray relevance(LinearView layer, INDArray upper, Arguments args) {
        INDArray z = layer.forward(layer.input(), layer.weight(), null);
        return layer.input().mul(layer.transpose(upper.div(z), layer.weight()));
    }
}

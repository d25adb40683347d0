package io.lrp4j.testkit.broken;

import io.lrp4j.api.Arguments;
import io.lrp4j.api.LinearRule;
import io.lrp4j.api.LinearView;
import io.lrp4j.api.Rule;
import io.lrp4j.api.Stabilizer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * z+ on non-negative inputs that takes {@code w+} in place: the model's own weight, changed for every later call
 * and for the model's own predictions.
 */
@Rule(name = "modifies-weight", summary = "x w+ shares, with w+ taken in place")
public final class ModifiesWeightRule implements LinearRule {
    @Override
    public INDArray relevance(LinearView layer, INDArray upper, Arguments args) {
        INDArray wp = Transforms.max(layer.weight(), 0.0, false);
        INDArray x = layer.input();
        INDArray ratio = Stabilizer.divide(upper, layer.forward(x, wp, null), Stabilizer.DEFAULT_EPSILON);
        return layer.transpose(ratio, wp).muli(x);
    }
}

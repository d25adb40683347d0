package io.lrp4j.testkit.broken;

import io.lrp4j.api.Arguments;
import io.lrp4j.api.LinearRule;
import io.lrp4j.api.LinearView;
import io.lrp4j.api.Rule;
import io.lrp4j.api.Stabilizer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Takes {@code |x|} in place: at the first layer of a network that is the caller's own input. Its relevance is
 * otherwise plausible (w2-like shares of |x| w).
 */
@Rule(name = "modifies-input", summary = "|x| w shares, with |x| taken in place")
public final class ModifiesInputRule implements LinearRule {
    @Override
    public INDArray relevance(LinearView layer, INDArray upper, Arguments args) {
        INDArray x = Transforms.abs(layer.input(), false);
        INDArray w = Transforms.abs(layer.weight());
        INDArray ratio = Stabilizer.divide(upper, layer.forward(x, w, null), Stabilizer.DEFAULT_EPSILON);
        return layer.transpose(ratio, w).muli(x);
    }
}

package io.lrp4j.testkit.broken;

import io.lrp4j.api.Arguments;
import io.lrp4j.api.Guarantee;
import io.lrp4j.api.LinearRule;
import io.lrp4j.api.LinearView;
import io.lrp4j.api.Rule;
import io.lrp4j.api.Stabilizer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Claims conservation, and is bias-free lrp-0 everywhere but where {@code |z| < 0.1}: there it drops all relevance,
 * as a rule that "guards" small denominators by zeroing them does. A check that leaves small denominators out passes
 * it.
 */
@Rule(name = "leaks-where-small", summary = "lrp-0 that drops relevance where |z| < 0.1",
        guarantees = Guarantee.CONSERVATION)
public final class LeaksWhereSmallRule implements LinearRule {
    @Override
    public INDArray relevance(LinearView layer, INDArray upper, Arguments args) {
        INDArray z = layer.outputWithoutBias();
        INDArray kept = Transforms.abs(z).gte(0.1).castTo(z.dataType());
        INDArray ratio = Stabilizer.divide(upper, z, Stabilizer.DEFAULT_EPSILON).muli(kept);
        return layer.transpose(ratio, layer.weight()).muli(layer.input());
    }
}

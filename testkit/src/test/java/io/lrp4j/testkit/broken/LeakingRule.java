package io.lrp4j.testkit.broken;

import io.lrp4j.api.Arguments;
import io.lrp4j.api.Guarantee;
import io.lrp4j.api.LinearRule;
import io.lrp4j.api.LinearView;
import io.lrp4j.api.Rule;
import io.lrp4j.api.SignedParts;
import io.lrp4j.api.Stabilizer;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Claims conservation, but passes on only 97% of what it receives. */
@Rule(name = "leaking", summary = "z+ that keeps 3% back", guarantees = Guarantee.CONSERVATION)
public final class LeakingRule implements LinearRule {
    @Override
    public INDArray relevance(LinearView layer, INDArray upper, Arguments args) {
        INDArray xp = SignedParts.positive(layer.input());
        INDArray xn = SignedParts.negative(layer.input());
        INDArray wp = SignedParts.positive(layer.weight());
        INDArray wn = SignedParts.negative(layer.weight());
        INDArray z = layer.forward(xp, wp, null).addi(layer.forward(xn, wn, null));
        INDArray ratio = Stabilizer.divide(upper, z, 1e-6).muli(0.97);
        return xp.muli(layer.transpose(ratio, wp)).addi(xn.muli(layer.transpose(ratio, wn)));
    }
}

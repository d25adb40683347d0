package io.lrp4j.testkit.broken;

import io.lrp4j.api.Arguments;
import io.lrp4j.api.Guarantee;
import io.lrp4j.api.LinearRule;
import io.lrp4j.api.LinearView;
import io.lrp4j.api.Rule;
import io.lrp4j.api.SignedParts;
import io.lrp4j.api.Stabilizer;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Claims positivity, but flips the sign of what negative inputs receive. */
@Rule(name = "sign-flipping", summary = "z+ with the x- share negated", guarantees = Guarantee.POSITIVITY)
public final class SignFlippingRule implements LinearRule {
    @Override
    public INDArray relevance(LinearView layer, INDArray upper, Arguments args) {
        INDArray xp = SignedParts.positive(layer.input());
        INDArray xn = SignedParts.negative(layer.input());
        INDArray wp = SignedParts.positive(layer.weight());
        INDArray wn = SignedParts.negative(layer.weight());
        INDArray z = layer.forward(xp, wp, null).addi(layer.forward(xn, wn, null));
        INDArray ratio = Stabilizer.divide(upper, z, 1e-6);
        return xp.muli(layer.transpose(ratio, wp)).subi(xn.muli(layer.transpose(ratio, wn)));
    }
}

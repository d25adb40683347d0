package io.lrp4j.testkit.broken;

import io.lrp4j.api.ActivationRule;
import io.lrp4j.api.ActivationView;
import io.lrp4j.api.Arguments;
import io.lrp4j.api.Guarantee;
import io.lrp4j.api.Rule;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Claims conservation and positivity, and to pass relevance through, but squares the relevance. */
@Rule(name = "squaring", summary = "R^2 - not linear, not conserving",
        guarantees = {Guarantee.CONSERVATION, Guarantee.POSITIVITY})
public final class BrokenActivationRule implements ActivationRule {
    @Override
    public INDArray relevance(ActivationView layer, INDArray upper, Arguments args) {
        return upper.mul(upper).muli(-1);
    }

    @Override
    public boolean passesThrough() {
        return true;
    }
}

package io.lrp4j.testkit.broken;

import io.lrp4j.api.Arguments;
import io.lrp4j.api.LinearRule;
import io.lrp4j.api.LinearView;
import io.lrp4j.api.Param;
import io.lrp4j.api.Rule;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Throws on every call. */
@Rule(name = "throwing", summary = "fails with an exception")
public final class ThrowingRule implements LinearRule {
    static final Param<Double> STRENGTH = Param.real("strength", 1.0, "does nothing");

    @Override
    public List<Param<?>> parameters() {
        return List.of(STRENGTH);
    }

    @Override
    public INDArray relevance(LinearView layer, INDArray upper, Arguments args) {
        throw new IllegalStateException("index out of bounds in my rule");
    }
}

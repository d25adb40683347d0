package io.lrp4j.testkit.broken;

import io.lrp4j.api.Arguments;
import io.lrp4j.api.LinearRule;
import io.lrp4j.api.LinearView;
import io.lrp4j.api.Rule;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Returns relevance of the output's shape instead of the input's. */
@Rule(name = "wrong-shape", summary = "returns the upper relevance unchanged")
public final class WrongShapeRule implements LinearRule {
    @Override
    public INDArray relevance(LinearView layer, INDArray upper, Arguments args) {
        return upper.dup();
    }
}

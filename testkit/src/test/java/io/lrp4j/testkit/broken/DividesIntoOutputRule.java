package io.lrp4j.testkit.broken;

import io.lrp4j.api.Arguments;
import io.lrp4j.api.LinearRule;
import io.lrp4j.api.LinearView;
import io.lrp4j.api.Rule;
import io.lrp4j.api.Stabilizer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * lrp-0 that writes its quotient into {@code layer.output()}, the recorded z, instead of taking it with
 * {@code takeOutput()}: at the last layer of a network those are the scores.
 */
@Rule(name = "divides-into-output", summary = "lrp-0 whose quotient overwrites the recorded pre-activation")
public final class DividesIntoOutputRule implements LinearRule {
    @Override
    public INDArray relevance(LinearView layer, INDArray upper, Arguments args) {
        INDArray ratio = Stabilizer.divideInPlace(upper, layer.output(), Stabilizer.DEFAULT_EPSILON);
        layer.releaseUpper();
        return layer.transpose(ratio, layer.weight()).muli(layer.input());
    }
}

package io.lrp4j.testkit.broken;

import io.lrp4j.api.Arguments;
import io.lrp4j.api.LinearRule;
import io.lrp4j.api.LinearView;
import io.lrp4j.api.Rule;
import io.lrp4j.api.Stabilizer;
import org.nd4j.linalg.api.ndarray.INDArray;

/** lrp-0 that divides into the relevance it was given without handing it back with {@code releaseUpper()}. */
@Rule(name = "writes-into-upper", summary = "lrp-0 whose quotient overwrites the upper relevance")
public final class WritesIntoUpperRule implements LinearRule {
    @Override
    public INDArray relevance(LinearView layer, INDArray upper, Arguments args) {
        INDArray ratio = upper.divi(Stabilizer.stabilize(layer.output(), Stabilizer.DEFAULT_EPSILON));
        return layer.transpose(ratio, layer.weight()).muli(layer.input());
    }
}

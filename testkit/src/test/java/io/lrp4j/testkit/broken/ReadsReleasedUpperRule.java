package io.lrp4j.testkit.broken;

import io.lrp4j.api.Arguments;
import io.lrp4j.api.Guarantee;
import io.lrp4j.api.LinearRule;
import io.lrp4j.api.LinearView;
import io.lrp4j.api.Rule;
import io.lrp4j.api.Stabilizer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * LRP-0 that hands its relevance back to the engine before it has read it: in a network the engine may have put
 * another array in that memory by then.
 */
@Rule(name = "reads-released-upper", summary = "lrp-0 that calls releaseUpper() too early",
        guarantees = Guarantee.CONSERVATION)
public final class ReadsReleasedUpperRule implements LinearRule {
    @Override
    public INDArray relevance(LinearView layer, INDArray upper, Arguments args) {
        layer.releaseUpper();
        INDArray ratio = Stabilizer.divide(upper, layer.output(), Stabilizer.DEFAULT_EPSILON);
        return layer.transpose(ratio, layer.weight()).muli(layer.input());
    }
}

package io.lrp4j.rules.builtin;

import io.lrp4j.api.Arguments;
import io.lrp4j.api.Guarantee;
import io.lrp4j.api.LinearRule;
import io.lrp4j.api.LinearView;
import io.lrp4j.api.Param;
import io.lrp4j.api.Rule;
import io.lrp4j.api.Stabilizer;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * flat: every input in an output's receptive field gets an equal share, as if inputs and weights were all one.
 * The bias never takes part; the {@code bias} flag is accepted for uniformity.
 */
@Rule(name = "flat",
        summary = "equal shares over each output's receptive field; ignores inputs, weights and bias",
        guarantees = {Guarantee.CONSERVATION, Guarantee.POSITIVITY},
        reference = "Lapuschkin et al. 2019, Unmasking Clever Hans predictors and assessing what machines really learn")
public final class FlatRule implements LinearRule {
    static final Param<Boolean> BIAS = Param.bias();

    @Override
    public List<Param<?>> parameters() {
        return List.of(BIAS);
    }

    @Override
    public INDArray relevance(LinearView layer, INDArray upper, Arguments args) {
        INDArray ones = layer.derived("ones", () -> Nd4j.onesLike(layer.weight()));
        // The denominator (the receptive field's size) does not depend on the input: computed once per layer.
        INDArray z = Weights.constantInputForward(layer, "flat-z", 1.0, ones, null);
        INDArray ratio = upper.div(Stabilizer.stabilize(z, Stabilizer.DEFAULT_EPSILON));
        layer.releaseUpper();
        return layer.transpose(ratio, ones);
    }
}

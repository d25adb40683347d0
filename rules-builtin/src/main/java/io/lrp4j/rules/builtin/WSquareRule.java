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

/** w2 (w-square), the deep Taylor rule for unbounded inputs: shares {@code w_ij^2}, independent of the input. */
@Rule(name = "w2", aliases = {"wsquare", "w-square"},
        summary = "R_i = sum_j w_ij^2 / s(sum_k w_kj^2 + b_j^2) R_j; independent of the input values",
        guarantees = {Guarantee.CONSERVATION, Guarantee.POSITIVITY},
        reference = "Montavon et al. 2017, Explaining nonlinear classification decisions with deep Taylor decomposition")
public final class WSquareRule implements LinearRule {
    static final Param<Boolean> BIAS = Param.bias();

    @Override
    public List<Param<?>> parameters() {
        return List.of(BIAS);
    }

    @Override
    public INDArray relevance(LinearView layer, INDArray upper, Arguments args) {
        INDArray w2 = layer.derived("w^2", () -> layer.weight().mul(layer.weight()));
        INDArray b = layer.bias();
        boolean bias = args.get(BIAS) && b != null;
        // The denominator does not depend on the input: computed once per layer.
        INDArray z = Weights.constantInputForward(layer, bias ? "w2-z-bias" : "w2-z", 1.0, w2, bias ? b.mul(b) : null);
        INDArray ratio = upper.div(Stabilizer.stabilize(z, Stabilizer.DEFAULT_EPSILON));
        layer.releaseUpper();
        return layer.transpose(ratio, w2);
    }
}

package io.lrp4j.rules.contrib;

import io.lrp4j.api.Arguments;
import io.lrp4j.api.LinearRule;
import io.lrp4j.api.LinearView;
import io.lrp4j.api.Param;
import io.lrp4j.api.Rule;
import io.lrp4j.api.Stabilizer;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * LRP-epsilon with a stabilizer relative to the layer's own scale: per sample, {@code eps = factor * std(z)} over
 * all of the layer's outputs, so one setting suits layers whose pre-activations differ by orders of magnitude.
 */
@Rule(name = "epsilon-std", aliases = {"epsilon-scaled"},
        summary = "epsilon rule with eps = factor * std(z) per sample",
        reference = "Montavon et al. 2019, Layer-wise relevance propagation: an overview (eps = 0.25 std)")
public final class EpsilonStdRule implements LinearRule {
    static final Param<Double> FACTOR = Param.real("factor", 0.25, "epsilon as a multiple of std(z)").positive();
    static final Param<Boolean> BIAS = Param.bias();

    @Override
    public List<Param<?>> parameters() {
        return List.of(FACTOR, BIAS);
    }

    @Override
    public INDArray relevance(LinearView layer, INDArray upper, Arguments args) {
        INDArray z = args.get(BIAS) ? layer.output() : layer.outputWithoutBias();
        long n = z.size(0);
        INDArray flat = z.reshape('c', n, z.length() / n);
        // Never below the peer's fixed stabilizer, so a constant z (std 0) stays finite.
        INDArray eps = Transforms.max(flat.std(false, 1).muli(args.get(FACTOR)), Stabilizer.DEFAULT_EPSILON, false);
        INDArray stabilized = Stabilizer.sign(flat).mulColumnVector(eps.reshape(n, 1)).addi(flat).reshape('c', z.shape());
        INDArray ratio = upper.div(stabilized);
        layer.releaseUpper();
        return layer.input().mul(layer.transpose(ratio, layer.weight()));
    }
}

package io.lrp4j.rules.contrib;

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
 * DeepLIFT's rescale rule at a linear layer: relevance in proportion to each input's contribution to the change
 * from a reference input, {@code (x_i - ref) w_ij / (z_j - zref_j)}. The bias cancels, so it conserves relevance.
 */
@Rule(name = "deeplift-rescale", aliases = {"deeplift"},
        summary = "shares of the difference to a reference input: (x - ref) w / (z - z(ref))",
        guarantees = {Guarantee.CONSERVATION},
        reference = "Shrikumar et al. 2017, Learning important features through propagating activation differences")
public final class DeepLiftRescaleRule implements LinearRule {
    static final Param<Double> REFERENCE = Param.real("reference", 0.0, "the reference value of every input");

    @Override
    public List<Param<?>> parameters() {
        return List.of(REFERENCE);
    }

    @Override
    public INDArray relevance(LinearView layer, INDArray upper, Arguments args) {
        INDArray x = layer.input();
        INDArray reference = Nd4j.valueArrayOf(x.shape(), args.get(REFERENCE), x.dataType());
        INDArray delta = x.sub(reference);
        // z - z(ref) = forward(x - ref) without the bias, which cancels.
        INDArray dz = layer.forward(delta, layer.weight(), null);
        // dz is the rule's own array, so the quotient takes its place: one output-sized array fewer.
        INDArray ratio = Stabilizer.divideInPlace(upper, dz, Stabilizer.DEFAULT_EPSILON);
        // upper is not read again: its memory can hold the transpose.
        layer.releaseUpper();
        return delta.muli(layer.transpose(ratio, layer.weight()));
    }
}

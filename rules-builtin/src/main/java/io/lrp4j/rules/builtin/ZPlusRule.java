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

import static io.lrp4j.api.SignedParts.negative;
import static io.lrp4j.api.SignedParts.positive;

/**
 * z+ in the peer's generalised form for inputs of either sign: only the contributions {@code x+ w+} and
 * {@code x- w-}, which are never negative, take part.
 */
@Rule(name = "z+", aliases = {"zplus", "z-plus"},
        summary = "R_i = sum_j (x+_i w+_ij + x-_i w-_ij) / s(z+_j) R_j; bias adds b+ to the denominator",
        guarantees = {Guarantee.CONSERVATION, Guarantee.POSITIVITY},
        reference = "Montavon et al. 2017, Explaining nonlinear classification decisions with deep Taylor decomposition")
public final class ZPlusRule implements LinearRule {
    static final Param<Boolean> BIAS = Param.bias();

    @Override
    public List<Param<?>> parameters() {
        return List.of(BIAS);
    }

    @Override
    public INDArray relevance(LinearView layer, INDArray upper, Arguments args) {
        INDArray wp = Weights.positive(layer);
        INDArray bp = args.get(BIAS) ? positive(layer.bias()) : null;
        // z is not read: its memory can hold x+ w+ + b+.
        layer.releaseOutput();
        if (layer.inputNonNegative()) {
            // x- = 0: its product and its transpose vanish.
            INDArray x = layer.input();
            INDArray ratio = Stabilizer.divideNonNegativeInPlace(upper, layer.forward(x, wp, bp),
                    Stabilizer.DEFAULT_EPSILON);
            layer.releaseUpper();
            return layer.transpose(ratio, wp).muli(x);
        }
        INDArray xp = positive(layer.input());
        INDArray xn = negative(layer.input());
        INDArray wn = Weights.negative(layer);
        // x+ w+ + x- w- + b+ is never negative.
        INDArray z = layer.forward(xp, wp, bp).addi(layer.forward(xn, wn, null));
        INDArray ratio = Stabilizer.divideNonNegativeInPlace(upper, z, Stabilizer.DEFAULT_EPSILON);
        layer.releaseUpper();
        return xp.muli(layer.transpose(ratio, wp)).addi(xn.muli(layer.transpose(ratio, wn)));
    }
}

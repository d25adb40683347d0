package io.lrp4j.rules.builtin;

import io.lrp4j.api.Arguments;
import io.lrp4j.api.Chunks;
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
 * Generalised gamma: contributions that agree in sign with {@code z} are boosted by {@code gamma}. Where
 * {@code z > 0} it uses {@code x+(w + g w+) + x-(w + g w-)}, where {@code z < 0} the same with {@code w+} and
 * {@code w-} swapped, and where {@code z = 0} it passes nothing.
 */
@Rule(name = "gamma",
        summary = "favour contributions of the sign of z by gamma; bias adds b + gamma*b+ (z>0) or b + gamma*b- (z<0)",
        guarantees = {Guarantee.CONSERVATION},
        reference = "Montavon et al. 2019, Layer-wise relevance propagation: an overview; Andeol et al. 2021")
public final class GammaRule implements LinearRule {
    static final Param<Double> GAMMA = Param.real("gamma", 0.25, "how much to favour agreeing contributions")
            .nonNegative();
    static final Param<Boolean> BIAS = Param.bias();

    @Override
    public List<Param<?>> parameters() {
        return List.of(GAMMA, BIAS);
    }

    @Override
    public INDArray relevance(LinearView layer, INDArray upper, Arguments args) {
        double gamma = args.get(GAMMA);
        INDArray x = layer.input();
        INDArray w = layer.weight();
        INDArray wUp = layer.derived("gamma-up:" + gamma, () -> Weights.positive(layer).mul(gamma).addi(w));
        INDArray wDown = layer.derived("gamma-down:" + gamma, () -> Weights.negative(layer).mul(gamma).addi(w));
        INDArray b = args.get(BIAS) ? layer.bias() : null;
        // The sign mask comes from the layer's own z, bias included, whatever the bias flag says (as the peer does).
        // The quotients are masked, never the relevance: masking it first took two more output-sized arrays, and a
        // step's arrays are all freed only when the step ends.
        if (layer.inputNonNegative()) {
            // x- = 0. With P = x w+ + b+ and zb = x w + b: zPos = zb + gamma P, zNeg = zb + gamma (zb - P).
            INDArray p = layer.forward(x, Weights.positive(layer), b == null ? null : positive(b));
            double eps = Stabilizer.DEFAULT_EPSILON;
            if (b != null) {
                // zb is z, and P >= 0: zPos >= z > 0 where z > 0 and zNeg <= z < 0 where z < 0, so each
                // denominator's sign is known where it counts and its quotient can take its place. zNeg's quotient
                // takes z's own, a piece at a time: the masks read z, and a whole zNeg was one more z-sized array.
                INDArray z = layer.takeOutput();
                Chunks.elementWise(piece -> {
                    INDArray zc = piece[0];
                    INDArray pc = piece[1];
                    INDArray uc = piece[2];
                    INDArray zNeg = zc.sub(pc).muli(gamma).addi(zc);
                    Stabilizer.divideWherePositiveInPlace(uc, pc.muli(gamma).addi(zc), zc, eps);
                    zc.assign(Stabilizer.divideWhereNegativeInPlace(uc, zNeg, zc, eps));
                    Chunks.free(zNeg);
                }, z, p, upper);
                layer.releaseUpper();
                return layer.transposeSum(p, wUp, z, wDown).muli(x);
            }
            INDArray z = layer.output();
            INDArray zb = layer.outputWithoutBias();
            INDArray zNeg = zb.sub(p).muli(gamma).addi(zb);
            INDArray zPos = p.muli(gamma).addi(zb);
            INDArray rPos = Stabilizer.divideInPlace(upper, zPos, eps).muli(z.gt(0));
            INDArray rNeg = Stabilizer.divideInPlace(upper, zNeg, eps).muli(z.lt(0));
            layer.releaseUpper();
            return layer.transposeSum(rPos, wUp, rNeg, wDown).muli(x);
        }
        INDArray z = layer.output();
        INDArray xp = positive(x);
        INDArray xn = negative(x);
        INDArray bUp = b == null ? null : positive(b).muli(gamma).addi(b);
        INDArray bDown = b == null ? null : negative(b).muli(gamma).addi(b);
        INDArray zPos = layer.forward(xp, wUp, bUp).addi(layer.forward(xn, wDown, null));
        INDArray zNeg = layer.forward(xp, wDown, bDown).addi(layer.forward(xn, wUp, null));
        INDArray rPos = Stabilizer.divideInPlace(upper, zPos, Stabilizer.DEFAULT_EPSILON).muli(z.gt(0));
        INDArray rNeg = Stabilizer.divideInPlace(upper, zNeg, Stabilizer.DEFAULT_EPSILON).muli(z.lt(0));
        layer.releaseUpper();
        // x+ meets w_up where z > 0 and w_down where z < 0; x- the other way round.
        return layer.transposeSum(rPos, wUp, rNeg, wDown).muli(xp)
                .addi(layer.transposeSum(rPos, wDown, rNeg, wUp).muli(xn));
    }
}

package io.lrp4j.rules.builtin;

import io.lrp4j.api.Arguments;
import io.lrp4j.api.LinearRule;
import io.lrp4j.api.LinearView;
import io.lrp4j.api.Param;
import io.lrp4j.api.Rule;
import io.lrp4j.api.SpecException;
import io.lrp4j.api.Stabilizer;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

import static io.lrp4j.api.SignedParts.negative;
import static io.lrp4j.api.SignedParts.positive;

/**
 * alpha-beta: positive and negative contributions are normalised apart and weighted {@code alpha} and
 * {@code -beta}, with {@code alpha - beta = 1}.
 */
@Rule(name = "alpha-beta", aliases = {"alphabeta"},
        summary = "alpha * (positive share) - beta * (negative share), alpha - beta = 1; bias adds b+ and b-",
        reference = "Bach et al. 2015, On pixel-wise explanations for non-linear classifier decisions by LRP, PLoS ONE")
public final class AlphaBetaRule implements LinearRule {
    static final Param<Double> ALPHA = Param.real("alpha", 2.0, "weight of the positive contributions").nonNegative();
    static final Param<Double> BETA = Param.real("beta", 1.0, "weight of the negative contributions").nonNegative();
    static final Param<Boolean> BIAS = Param.bias();

    @Override
    public List<Param<?>> parameters() {
        return List.of(ALPHA, BETA, BIAS);
    }

    @Override
    public void validate(Arguments args) {
        double alpha = args.get(ALPHA);
        double beta = args.get(BETA);
        if (Math.abs(alpha - beta - 1.0) > 1e-9) {
            throw new SpecException("alpha-beta needs alpha - beta = 1, got alpha=" + alpha + ", beta=" + beta
                    + "; for example alpha-beta(alpha=2,beta=1) or alpha-beta(alpha=1,beta=0)");
        }
    }

    @Override
    public INDArray relevance(LinearView layer, INDArray upper, Arguments args) {
        INDArray x = layer.input();
        INDArray wp = Weights.positive(layer);
        INDArray wn = Weights.negative(layer);
        boolean bias = args.get(BIAS);
        if (layer.inputNonNegative()) {
            // x- = 0: one product per denominator. x w- + b- is not taken as z - (x w+ + b+): where the negative
            // contributions are small against the positive ones, that difference cancels and its float32 rounding
            // became the negative share's (1.3e-3 of the relevance at the reference ResNet's projection).
            layer.releaseOutput();
            INDArray zPos = layer.forward(x, wp, bias ? positive(layer.bias()) : null);
            INDArray zNeg = layer.forward(x, wn, bias ? negative(layer.bias()) : null);
            // alpha T(r+, w+) - beta T(r-, w-) as one transposeSum (one col2im). x w+ + b+ is never negative,
            // so its quotient takes its place.
            INDArray rPos = Stabilizer.divideNonNegativeInPlace(upper, zPos, Stabilizer.DEFAULT_EPSILON)
                    .muli(args.get(ALPHA));
            INDArray rNeg = Stabilizer.divideInPlace(upper, zNeg, Stabilizer.DEFAULT_EPSILON).muli(-args.get(BETA));
            layer.releaseUpper();
            return layer.transposeSum(rPos, wp, rNeg, wn).muli(x);
        }
        INDArray xp = positive(x);
        INDArray xn = negative(x);
        INDArray zPos = layer.forward(xp, wp, bias ? positive(layer.bias()) : null).addi(layer.forward(xn, wn, null));
        INDArray zNeg = layer.forward(xp, wn, bias ? negative(layer.bias()) : null).addi(layer.forward(xn, wp, null));
        INDArray rPos = Stabilizer.divideNonNegativeInPlace(upper, zPos, Stabilizer.DEFAULT_EPSILON)
                .muli(args.get(ALPHA));
        INDArray rNeg = Stabilizer.divideInPlace(upper, zNeg, Stabilizer.DEFAULT_EPSILON).muli(-args.get(BETA));
        layer.releaseUpper();
        // x+ takes alpha's share through w+ and beta's through w-; x- the other way round.
        return layer.transposeSum(rPos, wp, rNeg, wn).muli(xp).addi(layer.transposeSum(rPos, wn, rNeg, wp).muli(xn));
    }
}

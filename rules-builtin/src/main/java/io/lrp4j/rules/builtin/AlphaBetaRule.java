package io.lrp4j.rules.builtin;

import io.lrp4j.api.Arguments;
import io.lrp4j.api.Formula;
import io.lrp4j.api.FormulaRule;
import io.lrp4j.api.Operand;
import io.lrp4j.api.Param;
import io.lrp4j.api.Rule;
import io.lrp4j.api.Share;
import io.lrp4j.api.SpecException;
import io.lrp4j.api.Term;
import io.lrp4j.api.WeightMap;
import java.util.List;

/**
 * alpha-beta: positive and negative contributions are normalised apart and weighted {@code alpha} and
 * {@code -beta}, with {@code alpha - beta = 1}.
 */
@Rule(name = "alpha-beta", aliases = {"alphabeta"},
        summary = "alpha * (positive share) - beta * (negative share), alpha - beta = 1; bias adds b+ and b-",
        reference = "Bach et al. 2015, On pixel-wise explanations for non-linear classifier decisions by LRP, PLoS ONE")
public final class AlphaBetaRule implements FormulaRule {
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
    public Formula formula(Arguments args) {
        boolean bias = args.get(BIAS);
        return Formula.of(
                Share.weighted(args.get(ALPHA), Term.of(Operand.POSITIVE_INPUT, WeightMap.POSITIVE, bias),
                        Term.of(Operand.NEGATIVE_INPUT, WeightMap.NEGATIVE)),
                Share.weighted(-args.get(BETA), Term.of(Operand.POSITIVE_INPUT, WeightMap.NEGATIVE, bias),
                        Term.of(Operand.NEGATIVE_INPUT, WeightMap.POSITIVE)));
    }
}

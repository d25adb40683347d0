package io.lrp4j.rules.builtin;

import io.lrp4j.api.Arguments;
import io.lrp4j.api.Formula;
import io.lrp4j.api.FormulaRule;
import io.lrp4j.api.Operand;
import io.lrp4j.api.Param;
import io.lrp4j.api.Rule;
import io.lrp4j.api.Term;
import io.lrp4j.api.WeightMap;
import java.util.List;

/** LRP-epsilon: LRP-0 with a larger stabilizer that absorbs weak and contradictory contributions. */
@Rule(name = "epsilon", aliases = {"eps", "lrp-epsilon"},
        summary = "R_i = sum_j x_i w_ij / (z_j + eps sign(z_j)) R_j",
        reference = "Bach et al. 2015, On pixel-wise explanations for non-linear classifier decisions by LRP, PLoS ONE")
public final class EpsilonRule implements FormulaRule {
    static final Param<Double> EPSILON =
            Param.real("epsilon", 1e-6, "stabilizer added to each denominator, with the sign of z").positive();
    static final Param<Boolean> BIAS = Param.bias();

    @Override
    public List<Param<?>> parameters() {
        return List.of(EPSILON, BIAS);
    }

    @Override
    public boolean needsWeights() {
        return false;
    }

    @Override
    public Formula formula(Arguments args) {
        return Formula.proportional(Term.of(Operand.INPUT, WeightMap.WEIGHT, args.get(BIAS)))
                .stabilizedBy(args.get(EPSILON));
    }
}

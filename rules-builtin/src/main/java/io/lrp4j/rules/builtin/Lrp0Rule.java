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

/** LRP-0: relevance in proportion to each input's contribution {@code x_i w_ij} to {@code z_j}. */
@Rule(name = "lrp-0", aliases = {"lrp0", "zero"},
        summary = "R_i = sum_j x_i w_ij / s(z_j) R_j; equals gradient x input on ReLU networks",
        reference = "Bach et al. 2015, On pixel-wise explanations for non-linear classifier decisions by LRP, PLoS ONE")
public final class Lrp0Rule implements FormulaRule {
    static final Param<Boolean> BIAS = Param.bias();

    @Override
    public List<Param<?>> parameters() {
        return List.of(BIAS);
    }

    @Override
    public boolean needsWeights() {
        return false;
    }

    @Override
    public Formula formula(Arguments args) {
        return Formula.proportional(Term.of(Operand.INPUT, WeightMap.WEIGHT, args.get(BIAS)));
    }
}

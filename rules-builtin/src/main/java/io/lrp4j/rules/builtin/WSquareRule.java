package io.lrp4j.rules.builtin;

import io.lrp4j.api.Arguments;
import io.lrp4j.api.Formula;
import io.lrp4j.api.FormulaRule;
import io.lrp4j.api.Guarantee;
import io.lrp4j.api.Operand;
import io.lrp4j.api.Param;
import io.lrp4j.api.Rule;
import io.lrp4j.api.Term;
import io.lrp4j.api.WeightMap;
import java.util.List;

/** w2 (w-square), the deep Taylor rule for unbounded inputs: shares {@code w_ij^2}, independent of the input. */
@Rule(name = "w2", aliases = {"wsquare", "w-square"},
        summary = "R_i = sum_j w_ij^2 / s(sum_k w_kj^2 + b_j^2) R_j; independent of the input values",
        guarantees = {Guarantee.CONSERVATION, Guarantee.POSITIVITY},
        reference = "Montavon et al. 2017, Explaining nonlinear classification decisions with deep Taylor decomposition")
public final class WSquareRule implements FormulaRule {
    static final Param<Boolean> BIAS = Param.bias();

    @Override
    public List<Param<?>> parameters() {
        return List.of(BIAS);
    }

    @Override
    public Formula formula(Arguments args) {
        return Formula.proportional(Term.of(Operand.ONES, WeightMap.SQUARED, args.get(BIAS)));
    }
}

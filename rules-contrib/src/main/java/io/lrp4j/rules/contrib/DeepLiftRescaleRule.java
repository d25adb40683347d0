package io.lrp4j.rules.contrib;

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

/**
 * DeepLIFT's rescale rule at a linear layer: relevance in proportion to each input's contribution to the change
 * from a reference input, {@code (x_i - ref) w_ij / (z_j - zref_j)}. The bias cancels, so it conserves relevance.
 */
@Rule(name = "deeplift-rescale", aliases = {"deeplift"},
        summary = "shares of the difference to a reference input: (x - ref) w / (z - z(ref))",
        guarantees = {Guarantee.CONSERVATION},
        reference = "Shrikumar et al. 2017, Learning important features through propagating activation differences")
public final class DeepLiftRescaleRule implements FormulaRule {
    static final Param<Double> REFERENCE = Param.real("reference", 0.0, "the reference value of every input");

    @Override
    public List<Param<?>> parameters() {
        return List.of(REFERENCE);
    }

    @Override
    public Formula formula(Arguments args) {
        // z - z(ref) = forward(x - ref) without the bias, which cancels.
        return Formula.proportional(Term.of(Operand.shiftedInput(args.get(REFERENCE)), WeightMap.WEIGHT));
    }
}

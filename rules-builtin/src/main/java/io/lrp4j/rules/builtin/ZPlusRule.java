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

/**
 * z+ in the peer's generalised form for inputs of either sign: only the contributions {@code x+ w+} and
 * {@code x- w-}, which are never negative, take part.
 */
@Rule(name = "z+", aliases = {"zplus", "z-plus"},
        summary = "R_i = sum_j (x+_i w+_ij + x-_i w-_ij) / s(z+_j) R_j; bias adds b+ to the denominator",
        guarantees = {Guarantee.CONSERVATION, Guarantee.POSITIVITY},
        reference = "Montavon et al. 2017, Explaining nonlinear classification decisions with deep Taylor decomposition")
public final class ZPlusRule implements FormulaRule {
    static final Param<Boolean> BIAS = Param.bias();

    @Override
    public List<Param<?>> parameters() {
        return List.of(BIAS);
    }

    @Override
    public Formula formula(Arguments args) {
        return Formula.proportional(Term.of(Operand.POSITIVE_INPUT, WeightMap.POSITIVE, args.get(BIAS)),
                Term.of(Operand.NEGATIVE_INPUT, WeightMap.NEGATIVE));
    }
}

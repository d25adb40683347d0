package org.example.lrp;

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

/** z+ with a stabilizer of the user's choosing: only the contributions x+ w+ and x- w- take part. */
@Rule(name = "zplus-epsilon",
        summary = "R_i = sum_j (x+_i w+_ij + x-_i w-_ij) / (z+_j + eps) R_j",
        guarantees = {Guarantee.CONSERVATION, Guarantee.POSITIVITY},
        reference = "Montavon et al. 2017, Explaining nonlinear classification decisions with deep Taylor decomposition")
public final class ZPlusEpsilonRule implements FormulaRule {
    static final Param<Double> EPSILON = Param.real("epsilon", 1e-6, "stabilizer added to each denominator").positive();

    @Override
    public List<Param<?>> parameters() {
        return List.of(EPSILON);
    }

    @Override
    public Formula formula(Arguments args) {
        return Formula.proportional(
                Term.of(Operand.POSITIVE_INPUT, WeightMap.POSITIVE),
                Term.of(Operand.NEGATIVE_INPUT, WeightMap.NEGATIVE))
                .stabilizedBy(args.get(EPSILON));
    }
}

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
 * flat: every input in an output's receptive field gets an equal share, as if inputs and weights were all one.
 * The bias never takes part; the {@code bias} flag is accepted for uniformity.
 */
@Rule(name = "flat",
        summary = "equal shares over each output's receptive field; ignores inputs, weights and bias",
        guarantees = {Guarantee.CONSERVATION, Guarantee.POSITIVITY},
        reference = "Lapuschkin et al. 2019, Unmasking Clever Hans predictors and assessing what machines really learn")
public final class FlatRule implements FormulaRule {
    static final Param<Boolean> BIAS = Param.bias();

    @Override
    public List<Param<?>> parameters() {
        return List.of(BIAS);
    }

    @Override
    public Formula formula(Arguments args) {
        return Formula.proportional(Term.of(Operand.ONES, WeightMap.ONES));
    }
}

package io.lrp4j.rules.builtin;

import io.lrp4j.api.Arguments;
import io.lrp4j.api.Formula;
import io.lrp4j.api.FormulaRule;
import io.lrp4j.api.Guarantee;
import io.lrp4j.api.Inputs;
import io.lrp4j.api.Operand;
import io.lrp4j.api.Param;
import io.lrp4j.api.Rule;
import io.lrp4j.api.SpecException;
import io.lrp4j.api.Term;
import io.lrp4j.api.WeightMap;
import java.util.List;

/**
 * zB, the deep Taylor rule for inputs bounded in {@code [low, high]}, usually the pixel layer:
 * contributions {@code x w - low w+ - high w-}. The bias cancels exactly, so the {@code bias} flag changes nothing.
 */
@Rule(name = "zB", aliases = {"zbox", "z-box"},
        summary = "R_i = sum_j (x_i w_ij - low w+_ij - high w-_ij) / s(z_j) R_j for inputs in [low, high]",
        guarantees = {Guarantee.CONSERVATION, Guarantee.POSITIVITY}, inputs = Inputs.BOUNDED,
        reference = "Montavon et al. 2017, Explaining nonlinear classification decisions with deep Taylor decomposition")
public final class ZBoxRule implements FormulaRule {
    static final Param<Double> LOW = Param.requiredReal("low", "the lowest value an input can take");
    static final Param<Double> HIGH = Param.requiredReal("high", "the highest value an input can take");
    static final Param<Boolean> BIAS = Param.bias();

    @Override
    public List<Param<?>> parameters() {
        return List.of(LOW, HIGH, BIAS);
    }

    @Override
    public void validate(Arguments args) {
        if (args.get(LOW) > args.get(HIGH)) {
            throw new SpecException("zB needs low <= high, got low=" + args.get(LOW) + ", high=" + args.get(HIGH));
        }
    }

    @Override
    public Formula formula(Arguments args) {
        // b - b+ - b- = 0: the bias terms cancel, whatever the flag says.
        return Formula.proportional(Term.of(Operand.INPUT, WeightMap.WEIGHT, true),
                Term.of(Operand.constant(args.get(LOW)), WeightMap.POSITIVE, true).times(-1),
                Term.of(Operand.constant(args.get(HIGH)), WeightMap.NEGATIVE, true).times(-1));
    }
}

package io.lrp4j.rules.builtin;

import io.lrp4j.api.Arguments;
import io.lrp4j.api.Assignment;
import io.lrp4j.api.Composite;
import io.lrp4j.api.CompositeDefinition;
import io.lrp4j.api.Param;
import io.lrp4j.api.SpecException;
import java.util.List;

/**
 * The first convolution gets zB over the input range, other convolutions gamma, dense layers epsilon. A network
 * with no convolution therefore gets epsilon everywhere.
 */
@Composite(name = "epsilon-gamma-box", summary = "first conv: zB(low,high); conv: gamma; dense and recurrent: epsilon",
        reference = "Zennit's EpsilonGammaBox; Montavon et al. 2019, Layer-wise relevance propagation: an overview")
public final class EpsilonGammaBox implements CompositeDefinition {
    static final Param<Double> LOW = Param.requiredReal("low", "the lowest value an input can take");
    static final Param<Double> HIGH = Param.requiredReal("high", "the highest value an input can take");
    static final Param<Double> GAMMA = Param.real("gamma", 0.25, "the gamma of the convolutions").nonNegative();

    @Override
    public List<Param<?>> parameters() {
        return List.of(LOW, HIGH, GAMMA, CompositeParams.EPSILON);
    }

    @Override
    public void validate(Arguments args) {
        if (args.get(LOW) > args.get(HIGH)) {
            throw new SpecException("epsilon-gamma-box needs low <= high, got low=" + args.get(LOW)
                    + ", high=" + args.get(HIGH));
        }
    }

    @Override
    public List<Assignment> assignments(Arguments args) {
        return List.of(
                Assignment.of("conv", "gamma(gamma=" + args.get(GAMMA) + ")"),
                Assignment.of("dense", CompositeParams.epsilonRule(args.get(CompositeParams.EPSILON))),
                // A recurrent cell is a dense map over [x_t ; h_(t-1)] (a Linear in the peer's unrolled twin).
                Assignment.of("recurrent", CompositeParams.epsilonRule(args.get(CompositeParams.EPSILON))),
                Assignment.of("first-conv", "zB(low=" + args.get(LOW) + ",high=" + args.get(HIGH) + ")"));
    }
}

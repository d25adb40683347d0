package io.lrp4j.rules.builtin;

import io.lrp4j.api.Arguments;
import io.lrp4j.api.Assignment;
import io.lrp4j.api.Composite;
import io.lrp4j.api.CompositeDefinition;
import io.lrp4j.api.Param;
import java.util.List;

/** Convolutions get alpha-beta with alpha 2 and beta 1, dense layers epsilon. */
@Composite(name = "epsilon-alpha2-beta1", summary = "conv: alpha-beta(alpha=2,beta=1); dense and recurrent: epsilon",
        reference = "Zennit's EpsilonAlpha2Beta1")
public final class EpsilonAlpha2Beta1 implements CompositeDefinition {
    @Override
    public List<Param<?>> parameters() {
        return List.of(CompositeParams.EPSILON);
    }

    @Override
    public List<Assignment> assignments(Arguments args) {
        return List.of(
                Assignment.of("conv", "alpha-beta(alpha=2,beta=1)"),
                Assignment.of("dense", CompositeParams.epsilonRule(args.get(CompositeParams.EPSILON))),
                // A recurrent cell is a dense map over [x_t ; h_(t-1)] (a Linear in the peer's unrolled twin).
                Assignment.of("recurrent", CompositeParams.epsilonRule(args.get(CompositeParams.EPSILON))));
    }
}

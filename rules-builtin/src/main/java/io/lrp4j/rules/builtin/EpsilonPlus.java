package io.lrp4j.rules.builtin;

import io.lrp4j.api.Arguments;
import io.lrp4j.api.Assignment;
import io.lrp4j.api.Composite;
import io.lrp4j.api.CompositeDefinition;
import io.lrp4j.api.Param;
import java.util.List;

/** Convolutions get z+, dense layers epsilon. */
@Composite(name = "epsilon-plus", summary = "conv: z+; dense and recurrent: epsilon",
        reference = "Zennit's EpsilonPlus; Kohlbrenner et al. 2020, Towards best practice in explaining neural network decisions with LRP")
public final class EpsilonPlus implements CompositeDefinition {
    @Override
    public List<Param<?>> parameters() {
        return List.of(CompositeParams.EPSILON);
    }

    @Override
    public List<Assignment> assignments(Arguments args) {
        return List.of(
                Assignment.of("conv", "z+"),
                Assignment.of("dense", CompositeParams.epsilonRule(args.get(CompositeParams.EPSILON))),
                // A recurrent cell is a dense map over [x_t ; h_(t-1)] (a Linear in the peer's unrolled twin).
                Assignment.of("recurrent", CompositeParams.epsilonRule(args.get(CompositeParams.EPSILON))));
    }
}

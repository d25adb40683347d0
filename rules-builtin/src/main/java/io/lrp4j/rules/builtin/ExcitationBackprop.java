package io.lrp4j.rules.builtin;

import io.lrp4j.api.Arguments;
import io.lrp4j.api.Assignment;
import io.lrp4j.api.Composite;
import io.lrp4j.api.CompositeDefinition;
import java.util.List;

/** Every layer with weights gets z+: the winner-take-all probabilities of excitation backprop. */
@Composite(name = "excitation-backprop", summary = "every layer with weights: z+",
        reference = "Zhang et al. 2016, Top-down neural attention by excitation backprop")
public final class ExcitationBackprop implements CompositeDefinition {
    @Override
    public List<Assignment> assignments(Arguments args) {
        return List.of(Assignment.of("all", "z+"));
    }
}

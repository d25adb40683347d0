package io.lrp4j.rules.builtin;

import io.lrp4j.api.Arguments;
import io.lrp4j.api.Assignment;
import io.lrp4j.api.Composite;
import io.lrp4j.api.CompositeDefinition;
import io.lrp4j.api.Seed;
import java.util.List;

/** The gradient of the target score with guided backprop's ReLU. */
@Composite(name = "guided-backprop", seed = Seed.UNIT,
        summary = "gradient in which ReLU passes only positive gradient where its input was positive",
        reference = "Springenberg et al. 2015, Striving for simplicity: the all convolutional net")
public final class GuidedBackprop implements CompositeDefinition {
    @Override
    public List<Assignment> assignments(Arguments args) {
        return GradientAssignments.withActivation("guided-relu");
    }
}

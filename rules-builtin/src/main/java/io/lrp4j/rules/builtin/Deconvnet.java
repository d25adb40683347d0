package io.lrp4j.rules.builtin;

import io.lrp4j.api.Arguments;
import io.lrp4j.api.Assignment;
import io.lrp4j.api.Composite;
import io.lrp4j.api.CompositeDefinition;
import io.lrp4j.api.Seed;
import java.util.List;

/** The gradient of the target score with DeconvNet's ReLU. */
@Composite(name = "deconvnet", seed = Seed.UNIT,
        summary = "gradient in which ReLU passes the positive part of the incoming gradient",
        reference = "Zeiler and Fergus 2014, Visualizing and understanding convolutional networks")
public final class Deconvnet implements CompositeDefinition {
    @Override
    public List<Assignment> assignments(Arguments args) {
        return GradientAssignments.withActivation("deconvnet-relu");
    }
}

package io.lrp4j.engine.registry;

import io.lrp4j.api.Arguments;
import io.lrp4j.api.Assignment;
import java.util.List;

/**
 * A composite with its checked parameter values.
 *
 * @param composite the composite
 * @param args its arguments, defaults filled in
 */
public record BoundComposite(RegisteredComposite composite, Arguments args) {
    /** The composite's assignments for these arguments. */
    public List<Assignment> assignments() {
        return composite.definition().assignments(args);
    }
}

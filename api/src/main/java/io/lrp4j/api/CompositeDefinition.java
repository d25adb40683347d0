package io.lrp4j.api;

import java.util.List;

/**
 * The body of a {@link Composite}: given its parameter values, the ordered selector-to-rule assignments. The
 * engine adds its defaults for weightless layers first (activations {@code pass}, max pooling
 * {@code winner-take-all}, average pooling {@code proportional}), so a composite names only what it changes.
 */
public interface CompositeDefinition extends Parameterized {
    /** The assignments, in order; later ones override earlier ones. */
    List<Assignment> assignments(Arguments args);
}

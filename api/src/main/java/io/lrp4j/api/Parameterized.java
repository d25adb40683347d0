package io.lrp4j.api;

import java.util.List;

/**
 * Something users configure by name with parameters: a rule or a composite.
 */
public interface Parameterized {
    /** The parameters, in the order they are listed to users. Empty by default. */
    default List<Param<?>> parameters() {
        return List.of();
    }

    /**
     * Checks combinations of values that single parameters cannot check alone, such as {@code alpha - beta = 1}.
     *
     * @throws SpecException with one line that says what is wrong
     */
    default void validate(Arguments args) {
    }
}

package io.lrp4j.engine.registry;

import io.lrp4j.api.Composite;
import io.lrp4j.api.CompositeDefinition;
import io.lrp4j.api.Seed;
import java.util.List;

/**
 * A discovered composite.
 *
 * @param name the canonical name
 * @param aliases other names
 * @param summary one line
 * @param seed where its backward pass starts
 * @param reference what it follows
 * @param type the composite class
 * @param definition the shared, stateless instance
 * @param source the jar or folder the class was found in
 */
public record RegisteredComposite(String name, List<String> aliases, String summary, Seed seed, String reference,
        Class<?> type, CompositeDefinition definition, String source) {

    static RegisteredComposite of(Class<?> type, CompositeDefinition definition, String source) {
        Composite c = type.getAnnotation(Composite.class);
        return new RegisteredComposite(c.name(), List.of(c.aliases()), c.summary(), c.seed(), c.reference(), type,
                definition, source);
    }
}

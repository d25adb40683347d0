package io.lrp4j.engine.registry;

import io.lrp4j.api.Arguments;

/**
 * A rule with its checked parameter values.
 *
 * @param rule the rule
 * @param args its arguments, defaults filled in
 */
public record BoundRule(RegisteredRule rule, Arguments args) {
    /** {@code epsilon(epsilon=0.25,bias=true)}, or the bare name when it takes no parameters. */
    public String describe() {
        String a = args.toString();
        return a.isEmpty() ? rule.name() : rule.name() + "(" + a + ")";
    }
}

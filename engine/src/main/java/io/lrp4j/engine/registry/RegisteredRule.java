package io.lrp4j.engine.registry;

import io.lrp4j.api.ActivationRule;
import io.lrp4j.api.Guarantee;
import io.lrp4j.api.LinearRule;
import io.lrp4j.api.Param;
import io.lrp4j.api.Parameterized;
import io.lrp4j.api.Rule;
import java.util.List;

/**
 * A discovered rule: its annotation's facts, its single shared instance, and where it came from.
 *
 * @param name the canonical name
 * @param aliases other names
 * @param summary one line
 * @param guarantees what the rule promises
 * @param reference the defining paper
 * @param type the rule class
 * @param instance the shared, stateless instance
 * @param source the jar or folder the class was found in
 */
public record RegisteredRule(String name, List<String> aliases, String summary, List<Guarantee> guarantees,
        String reference, Class<?> type, Parameterized instance, String source) {

    static RegisteredRule of(Class<?> type, Parameterized instance, String source) {
        Rule rule = type.getAnnotation(Rule.class);
        return new RegisteredRule(rule.name(), List.of(rule.aliases()), rule.summary(), List.of(rule.guarantees()),
                rule.reference(), type, instance, source);
    }

    /** The rule for linear layers, or null when it serves activations only. */
    public LinearRule linear() {
        return instance instanceof LinearRule r ? r : null;
    }

    /** The rule for activations, or null when it serves linear layers only. */
    public ActivationRule activation() {
        return instance instanceof ActivationRule r ? r : null;
    }

    /** The declared parameters. */
    public List<Param<?>> parameters() {
        return instance.parameters();
    }

    /**
     * Where a guarantee holds, as the testkit checks it: conservation with {@code bias=false} (or zero biases) for a
     * rule that takes the bias flag, and both guarantees only for inputs within {@code [low, high]} for a rule that
     * declares {@link io.lrp4j.api.Inputs#BOUNDED} inputs; empty when it holds unconditionally.
     */
    public String conditionOf(Guarantee g) {
        List<String> conditions = new java.util.ArrayList<>();
        if (g == Guarantee.CONSERVATION && parameters().stream().anyMatch(p -> p.name().equals("bias"))) {
            conditions.add("with bias=false or zero biases");
        }
        if (type.getAnnotation(Rule.class).inputs() == io.lrp4j.api.Inputs.BOUNDED) {
            conditions.add("for inputs within [low, high]");
        }
        return String.join(", ", conditions);
    }

    /** What layers it serves, for listings: {@code linear}, {@code activation} or both. */
    public String serves() {
        if (linear() != null && activation() != null) {
            return "linear, activation";
        }
        return linear() != null ? (linear().needsWeights() ? "linear (weighted)" : "linear") : "activation";
    }
}

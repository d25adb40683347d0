package io.lrp4j.engine;

import io.lrp4j.api.SpecException;
import io.lrp4j.engine.registry.RuleRegistry;
import org.deeplearning4j.nn.api.Model;

/**
 * One text that names how to explain, as {@code ./lrp evaluate --method} and the Spark job take it: a method
 * ({@code gradient}, {@code gradient-x-input}, ...), a composite ({@code epsilon-plus},
 * {@code epsilon-gamma-box(low=0,high=1)}, ...), a rule for every layer ({@code epsilon}, {@code z+(bias=false)}), or
 * {@code lrp:} followed by {@code [SELECTOR=]SPEC} rules separated by {@code ;}.
 */
public final class MethodSpec {
    private MethodSpec() {
    }

    /**
     * The explainer {@code spec} names for {@code net}.
     *
     * @param registry the rules and composites to look names up in
     * @throws ExplainException when the text names nothing known, or names it with bad parameters
     */
    public static Explainer explainer(Model net, RuleRegistry registry, String spec) {
        Explainer.Builder b = Explainer.forModel(net).registry(registry);
        String s = spec.trim();
        for (Method m : Method.values()) {
            if (m != Method.LRP && m.label().equals(s)) {
                return b.method(m).build();
            }
        }
        if (s.startsWith("lrp:")) {
            for (String rule : s.substring(4).split(";")) {
                if (!rule.isBlank()) {
                    b.rule(rule.trim());
                }
            }
            return b.build();
        }
        try {
            return b.composite(s).build();
        } catch (SpecException notComposite) {
            try {
                // A rule name alone: that rule on every layer, as explain's --rule does.
                return Explainer.forModel(net).registry(registry).rule(s).build();
            } catch (SpecException notRule) {
                throw new ExplainException("unknown method '" + s + "': give a composite (./lrp composites), a rule"
                        + " (./lrp rules), gradient, gradient-x-input, gradient-squared, or lrp:SELECTOR=SPEC;...");
            }
        }
    }
}

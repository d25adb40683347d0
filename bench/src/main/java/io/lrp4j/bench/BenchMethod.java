package io.lrp4j.bench;

import io.lrp4j.engine.Explainer;
import io.lrp4j.engine.Method;
import io.lrp4j.engine.registry.RuleRegistry;

/** The benchmarked methods; {@code output} is DL4J's own forward pass, the yardstick. */
public enum BenchMethod {
    /** DL4J's net.output. */
    OUTPUT(null),
    /** The gradient. */
    GRADIENT(null),
    /** epsilon(epsilon=0.25) on every layer. */
    EPSILON("rule:epsilon(epsilon=0.25)"),
    /** epsilon-plus. */
    EPSILON_PLUS("composite:epsilon-plus"),
    /** epsilon-gamma-box over [0, 1]. */
    EPSILON_GAMMA_BOX("composite:epsilon-gamma-box(low=0,high=1)"),
    /** epsilon-alpha2-beta1. */
    EPSILON_ALPHA2_BETA1("composite:epsilon-alpha2-beta1");

    private final String spec;

    BenchMethod(String spec) {
        this.spec = spec;
    }

    /** The explainer, or null for {@link #OUTPUT}. */
    Explainer explainer(org.deeplearning4j.nn.api.Model net, RuleRegistry registry) {
        if (this == OUTPUT) {
            return null;
        }
        Explainer.Builder b = Explainer.forModel(net).registry(registry);
        if (this == GRADIENT) {
            return b.method(Method.GRADIENT).build();
        }
        return spec.startsWith("rule:") ? b.rule(spec.substring(5)).build() : b.composite(spec.substring(10)).build();
    }

    String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}

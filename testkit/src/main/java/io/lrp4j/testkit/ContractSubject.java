package io.lrp4j.testkit;

import io.lrp4j.api.Arguments;
import io.lrp4j.api.Inputs;
import io.lrp4j.api.Param;
import io.lrp4j.api.Parameterized;
import io.lrp4j.api.Rule;
import io.lrp4j.api.RuleSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Assertions;

/** A rule under contract: its annotation, its parameter values, and the input bounds its domain needs. */
final class ContractSubject {
    final Parameterized rule;
    final Rule meta;
    final Arguments args;
    final Arguments conservationArgs;
    final double low;
    final double high;

    ContractSubject(Parameterized rule, String parameters) {
        this.rule = rule;
        this.meta = rule.getClass().getAnnotation(Rule.class);
        Assertions.assertNotNull(meta, rule.getClass().getName() + " is not annotated @Rule");
        String owner = "rule '" + meta.name() + "'";
        Map<String, String> raw = RuleSpec.parse("x(" + parameters + ")").raw();
        this.args = Arguments.bind(owner, rule.parameters(), raw);
        rule.validate(args);
        boolean hasBias = rule.parameters().stream().map(Param::name).anyMatch("bias"::equals);
        Map<String, String> noBias = new LinkedHashMap<>(raw);
        if (hasBias) {
            noBias.put("bias", "false");
        }
        this.conservationArgs = Arguments.bind(owner, rule.parameters(), noBias);
        if (meta.inputs() == Inputs.BOUNDED) {
            this.low = ((Number) args.asMap().get("low")).doubleValue();
            this.high = ((Number) args.asMap().get("high")).doubleValue();
        } else {
            this.low = 0;
            this.high = 1;
        }
    }

    /** The stabilizer the rule is run with: its {@code epsilon} parameter if it has one, else the peer's default. */
    double stabilizer() {
        Object eps = conservationArgs.asMap().get("epsilon");
        return eps instanceof Number n ? n.doubleValue() : io.lrp4j.api.Stabilizer.DEFAULT_EPSILON;
    }

    String name() {
        return meta.name();
    }

    boolean claims(io.lrp4j.api.Guarantee g) {
        return java.util.Arrays.asList(meta.guarantees()).contains(g);
    }
}

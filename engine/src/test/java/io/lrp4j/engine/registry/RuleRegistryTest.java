package io.lrp4j.engine.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lrp4j.api.RuleSpec;
import io.lrp4j.api.SpecException;
import io.lrp4j.engine.ExplainException;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuleRegistryTest {
    static final RuleRegistry REGISTRY = RuleRegistry.scan();

    static String ruleError(String spec) {
        return assertThrows(SpecException.class, () -> REGISTRY.rule(RuleSpec.parse(spec))).getMessage();
    }

    @Test
    void theScanFindsEveryBuiltInRuleAndComposite() {
        assertEquals(List.of("alpha-beta", "deconvnet-relu", "epsilon", "flat", "gamma", "gradient", "guided-relu",
                "lrp-0", "pass", "proportional", "w2", "winner-take-all", "z+", "zB"),
                REGISTRY.rules().stream().map(RegisteredRule::name).toList());
        assertEquals(List.of("deconvnet", "epsilon-alpha2-beta1", "epsilon-alpha2-beta1-flat", "epsilon-gamma-box",
                "epsilon-plus", "epsilon-plus-flat", "excitation-backprop", "guided-backprop"),
                REGISTRY.composites().stream().map(RegisteredComposite::name).toList());
        assertTrue(REGISTRY.rules().get(0).source().contains("rules-builtin"), REGISTRY.rules().get(0).source());
    }

    @Test
    void namesAndAliasesIgnoreCase() {
        assertEquals("zB", REGISTRY.rule(RuleSpec.parse("ZBOX(low=0,high=1)")).rule().name());
        assertEquals("z+", REGISTRY.rule(RuleSpec.parse("ZPlus")).rule().name());
        assertEquals("epsilon(epsilon=0.25,bias=true)", REGISTRY.rule(RuleSpec.parse("eps(epsilon=0.25)")).describe());
    }

    @Test
    void unknownNamesSuggestTheNearest() {
        assertTrue(ruleError("epsilom").contains("did you mean epsilon"), ruleError("epsilom"));
        assertTrue(ruleError("epsilon-plus").contains("is a composite: use --composite epsilon-plus"));
        String composite = assertThrows(SpecException.class,
                () -> REGISTRY.composite(RuleSpec.parse("epsilon-gama-box(low=0,high=1)"))).getMessage();
        assertTrue(composite.contains("did you mean epsilon-gamma-box"), composite);
    }

    @Test
    void badParametersNameTheRuleAndListItsParameters() {
        String unknown = ruleError("epsilon(eps=0.1)");
        assertTrue(unknown.contains("rule 'epsilon' has no parameter 'eps'") && unknown.contains("epsilon (real"),
                unknown);
        String typed = ruleError("epsilon(epsilon=abc)");
        assertTrue(typed.contains("expects a real, got 'abc'") && typed.contains("bias (boolean"), typed);
        assertTrue(ruleError("epsilon(epsilon=-1)").contains("must be > 0"));
        assertTrue(ruleError("z+(bias=maybe)").contains("expects a boolean"));
        assertTrue(ruleError("zB(low=0)").contains("needs high"), ruleError("zB(low=0)"));
        assertTrue(ruleError("alpha-beta(alpha=3,beta=1)").contains("alpha - beta = 1"));
        assertTrue(ruleError("zB(low=1,high=0)").contains("low <= high"));
        assertTrue(ruleError("z+(bias=true").contains("ends with one ')'"));
    }

    @Test
    void aNameClaimedTwiceNamesBothClasses() {
        NameIndex<String> index = new NameIndex<>("rule");
        index.put("z+", "a", String.class);
        ExplainException e = assertThrows(ExplainException.class, () -> index.put("Z+", "b", Integer.class));
        assertEquals("rule name 'Z+' is claimed by both java.lang.String and java.lang.Integer", e.getMessage());
    }

    /** Not final. */
    public static class NotFinal implements io.lrp4j.api.Parameterized {
    }

    /** Holds state. */
    public static final class Stateful implements io.lrp4j.api.Parameterized {
        int calls;
    }

    /** No constructor without parameters. */
    public static final class NoDefaultConstructor implements io.lrp4j.api.Parameterized {
        /** Takes a parameter. */
        public NoDefaultConstructor(int x) {
        }
    }

    @Test
    void malformedClassesAreRefusedByName() {
        assertTrue(message(NotFinal.class).contains("must be a public final class"));
        assertTrue(message(Stateful.class).contains("must be stateless, but has the instance field 'calls'"));
        assertTrue(message(NoDefaultConstructor.class).contains("needs a public constructor without parameters"));
        assertTrue(assertThrows(ExplainException.class, () -> ClassChecks.checkName("rule", "bad name", String.class))
                .getMessage().contains("is not valid"));
    }

    private static String message(Class<?> type) {
        String m = assertThrows(ExplainException.class,
                () -> ClassChecks.instantiate(type, io.lrp4j.api.Parameterized.class, "rule")).getMessage();
        assertTrue(m.contains(type.getName()), m);
        return m;
    }
}

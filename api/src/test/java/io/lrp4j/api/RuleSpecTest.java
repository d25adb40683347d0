package io.lrp4j.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuleSpecTest {
    @Test
    void parsesNamesAndParameters() {
        assertEquals(new RuleSpec("z+", Map.of()), RuleSpec.parse(" z+ "));
        RuleSpec zb = RuleSpec.parse("zB(low=-3.0, high=3.0)");
        assertEquals("zB", zb.name());
        assertEquals(List.of("low", "high"), List.copyOf(zb.raw().keySet()));
        assertEquals("-3.0", zb.raw().get("low"));
        assertEquals("zB(low=-3.0,high=3.0)", zb.toString());
        assertEquals(Map.of(), RuleSpec.parse("epsilon()").raw());
    }

    @Test
    void malformedSpecsSayWhatIsWrong() {
        assertTrue(error("epsilon(epsilon=1").contains("ends with one ')'"));
        assertTrue(error("epsilon(0.25)").contains("parameters are written key=value"));
        assertTrue(error("epsilon(epsilon=1,epsilon=2)").contains("given twice"));
        assertTrue(error("(epsilon=1)").contains("name before '(' is missing"));
        assertTrue(error("").contains("empty"));
        assertTrue(error("epsilon=1").contains("write name or name(key=value,...)"));
    }

    private static String error(String text) {
        return assertThrows(SpecException.class, () -> RuleSpec.parse(text)).getMessage();
    }

    @Test
    void argumentsBindCheckAndDefault() {
        Param<Double> eps = Param.real("epsilon", 1e-6, "stabilizer").positive();
        Param<Double> low = Param.requiredReal("low", "lowest");
        Param<Boolean> bias = Param.bias();
        List<Param<?>> params = List.of(eps, low, bias);
        Arguments args = Arguments.bind("rule 'x'", params, Map.of("low", "-1", "bias", "FALSE"));
        assertEquals(1e-6, args.get(eps));
        assertEquals(-1.0, args.get(low));
        assertEquals(false, args.get(bias));
        assertEquals("epsilon=1.0E-6,low=-1.0,bias=false", args.toString());
        assertTrue(assertThrows(SpecException.class, () -> Arguments.bind("rule 'x'", params, Map.of()))
                .getMessage().startsWith("rule 'x' needs low; its parameters are: epsilon (real, default 1.0E-6)"));
        assertTrue(assertThrows(SpecException.class,
                () -> Arguments.bind("rule 'x'", params, Map.of("low", "0", "epsilon", "0"))).getMessage()
                .contains("parameter 'epsilon' must be > 0, got 0.0"));
        assertTrue(assertThrows(SpecException.class,
                () -> Arguments.bind("rule 'x'", params, Map.of("low", "NaN"))).getMessage().contains("finite"));
        assertEquals("epsilon: real = 1.0E-6 (> 0) -- stabilizer", eps.describe());
    }
}

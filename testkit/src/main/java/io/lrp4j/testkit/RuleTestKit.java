package io.lrp4j.testkit;

import io.lrp4j.engine.ExplainException;
import io.lrp4j.engine.registry.RegisteredComposite;
import io.lrp4j.engine.registry.RegisteredRule;
import io.lrp4j.engine.registry.RuleRegistry;
import org.junit.jupiter.api.Assertions;

/** Checks that need the real engine behind them. */
public final class RuleTestKit {
    private RuleTestKit() {
    }

    /**
     * Runs the real classpath scan from the class's own class loader and fails unless it finds the class as a rule
     * or composite, for example when the jar lacks the marker resource or the marker lacks the class's package.
     */
    public static void assertDiscoverable(Class<?> type) {
        RuleRegistry registry;
        try {
            registry = RuleRegistry.scan(type.getClassLoader());
        } catch (ExplainException e) {
            throw new AssertionError("the classpath scan refused a rule: " + e.getMessage(), e);
        }
        boolean found = registry.rules().stream().map(RegisteredRule::type).anyMatch(type::equals)
                || registry.composites().stream().map(RegisteredComposite::type).anyMatch(type::equals);
        if (!found) {
            Assertions.fail(type.getName() + " was not found by the classpath scan: its jar or folder must carry "
                    + io.lrp4j.api.Rule.MARKER_RESOURCE + " listing its package '" + type.getPackageName()
                    + "'; the scan covered the packages " + registry.scannedPackages());
        }
    }
}

package io.lrp4j.cli;

import io.lrp4j.api.Param;
import io.lrp4j.engine.registry.RegisteredRule;
import io.lrp4j.engine.registry.RuleRegistry;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code lrp rules}: every rule found on the classpath. */
@Command(name = "rules", mixinStandardHelpOptions = true,
        description = "Lists every discovered rule: name, aliases, parameters, guarantees, summary and source.")
public final class RulesCommand implements Callable<Integer> {
    @Mixin
    VerboseOption verbose;

    @Spec
    CommandSpec spec;

    private java.io.PrintWriter out() {
        return spec.commandLine().getOut();
    }

    @Override
    public Integer call() {
        for (RegisteredRule r : RuleRegistry.scan().rules()) {
            out().println(r.name() + (r.aliases().isEmpty() ? "" : "  (aliases: " + String.join(", ", r.aliases())
                    + ")"));
            out().println("  " + r.summary());
            out().println("  serves: " + r.serves());
            for (Param<?> p : r.parameters()) {
                out().println("  param " + p.describe());
            }
            if (!r.guarantees().isEmpty()) {
                out().println("  guarantees: "
                        + r.guarantees().stream().map(Enum::name).collect(Collectors.joining(", ")));
            }
            if (!r.reference().isEmpty()) {
                out().println("  reference: " + r.reference());
            }
            out().println("  from: " + r.source());
        }
        return 0;
    }
}

package io.lrp4j.cli;

import io.lrp4j.api.Param;
import io.lrp4j.engine.registry.RegisteredComposite;
import io.lrp4j.engine.registry.RuleRegistry;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code lrp composites}: every composite found on the classpath. */
@Command(name = "composites", mixinStandardHelpOptions = true,
        description = "Lists every discovered composite: name, aliases, parameters, summary and source.")
public final class CompositesCommand implements Callable<Integer> {
    @Mixin
    VerboseOption verbose;

    @Spec
    CommandSpec spec;

    private java.io.PrintWriter out() {
        return spec.commandLine().getOut();
    }

    @Override
    public Integer call() {
        for (RegisteredComposite c : RuleRegistry.scan().composites()) {
            out().println(c.name() + (c.aliases().isEmpty() ? "" : "  (aliases: " + String.join(", ", c.aliases())
                    + ")"));
            out().println("  " + c.summary());
            out().println("  starts from: " + c.seed().name().toLowerCase(java.util.Locale.ROOT));
            for (Param<?> p : c.definition().parameters()) {
                out().println("  param " + p.describe());
            }
            if (!c.reference().isEmpty()) {
                out().println("  reference: " + c.reference());
            }
            out().println("  from: " + c.source());
        }
        return 0;
    }
}

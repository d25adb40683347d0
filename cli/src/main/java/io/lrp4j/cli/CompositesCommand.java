package io.lrp4j.cli;

import io.lrp4j.engine.registry.RegisteredComposite;
import io.lrp4j.engine.registry.RuleRegistry;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code lrp composites}: every composite found on the classpath. */
@Command(name = "composites", mixinStandardHelpOptions = true,
        description = "Lists every discovered composite: name, aliases, parameters, summary and source.",
        footer = {"", "Examples:",
                "  ./lrp composites",
                "  ./lrp explain --model m.zip --input x.npy --out r.npy --composite 'epsilon-gamma-box(low=0,high=1)'"})
public final class CompositesCommand extends BaseCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    PluginOptions plugins;

    @Override
    public Integer call() {
        for (RegisteredComposite c : plugins.scan(spec.commandLine().getErr()).composites()) {
            new CatalogEntry(c.name(), c.aliases(), c.summary(),
                    List.of("starts from: " + c.seed().name().toLowerCase(Locale.ROOT)),
                    c.definition().parameters(), c.reference(), c.source()).print(out());
        }
        return 0;
    }
}

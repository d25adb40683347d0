package io.lrp4j.cli;

import io.lrp4j.engine.registry.RegisteredRule;
import io.lrp4j.engine.registry.RuleRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lrp rules}: every rule found on the classpath. */
@Command(name = "rules", mixinStandardHelpOptions = true,
        description = "Lists every discovered rule: name, aliases, parameters, guarantees, summary and source.",
        footer = {"", "Examples:",
                "  ./lrp rules",
                "  ./lrp rules --timing                              # how long discovery takes on this classpath",
                "  LRP_PLUGINS=my-rules.jar ./lrp rules              # with third-party rules"})
public final class RulesCommand extends BaseCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    PluginOptions plugins;

    @Option(names = "--timing", description = "Also print how long the classpath scan took, on stderr.")
    boolean timing;

    @Override
    public Integer call() {
        long start = System.nanoTime();
        RuleRegistry registry = plugins.scan(spec.commandLine().getErr());
        if (timing) {
            spec.commandLine().getErr().printf("scanned %s in %.0f ms%n", registry.scannedPackages(),
                    (System.nanoTime() - start) / 1e6);
        }
        for (RegisteredRule r : registry.rules()) {
            List<String> facts = new ArrayList<>(List.of("serves: " + r.serves()));
            if (!r.guarantees().isEmpty()) {
                facts.add("guarantees: " + r.guarantees().stream().map(g -> r.conditionOf(g).isEmpty() ? g.name()
                        : g.name() + " (" + r.conditionOf(g) + ")").collect(Collectors.joining(", ")));
            }
            new CatalogEntry(r.name(), r.aliases(), r.summary(), facts, r.parameters(), r.reference(), r.source())
                    .print(out());
        }
        return 0;
    }
}

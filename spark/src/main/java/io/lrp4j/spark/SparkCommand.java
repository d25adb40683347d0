package io.lrp4j.spark;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code lrp spark}: the commands that run on Spark. */
@Command(name = "spark", mixinStandardHelpOptions = true,
        description = {"Runs lrp4j on Spark (local mode by default, or a cluster's master): for more rows than one",
            "machine should take."},
        subcommands = {SparkExplainCommand.class, SparkSummarizeCommand.class})
public final class SparkCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}

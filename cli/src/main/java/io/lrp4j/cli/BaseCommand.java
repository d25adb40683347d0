package io.lrp4j.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every subcommand shares: {@code --verbose} and output through picocli's writer. */
abstract class BaseCommand {
    @Mixin
    VerboseOption verbose;

    @Spec
    CommandSpec spec;

    /** Prints what the engine warns about explaining this model, a {@code lrp: warning:} line each. */
    void warn(io.lrp4j.engine.Explainer explainer) {
        explainer.warnings().forEach(w -> spec.commandLine().getErr().println("lrp: warning: " + w));
    }

    /** Standard output as the caller of {@link Main#run} set it. */
    PrintWriter out() {
        return spec.commandLine().getOut();
    }
}

package io.lrp4j.cli;

import picocli.CommandLine.Option;

/** The {@code --verbose} flag every command takes; the error handlers read it from the arguments. */
public final class VerboseOption {
    @Option(names = "--verbose", description = "Show stack traces with errors.")
    boolean verbose;
}

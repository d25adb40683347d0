package io.lrp4j.cli;

import io.lrp4j.api.SpecException;
import io.lrp4j.engine.ExplainException;
import io.lrp4j.engine.io.OutputFile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code lrp} command. */
@Command(name = "lrp", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Explains the predictions of Deeplearning4j networks with LRP and related methods.",
        footer = {"", "Examples:",
                "  ./lrp demo                                        # a dozen Fashion-MNIST images, six methods",
                "  ./lrp explain --model m.zip --input x.npy --out r.npy --composite epsilon-plus",
                "  ./lrp evaluate --model m.zip --input x.npy --method epsilon-plus --method gradient --out eval",
                "  ./lrp rules",
                "  ./lrp explain --help"},
        subcommands = {DemoCommand.class, ExplainCommand.class, EvaluateCommand.class, PrototypeCommand.class,
            SummarizeCommand.class,
            RulesCommand.class,
            CompositesCommand.class, TrainCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /** Exit code for anything the user can fix: bad arguments, files, rules or input. */
    static final int USER_ERROR = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        Runtime.getRuntime().addShutdownHook(new Thread(Main::interrupted, "lrp-interrupted"));
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /**
     * On Ctrl-C or SIGTERM: abandons the files still being written, whose targets keep what they held, and says so
     * in one line. After a normal end no file is being written and this says nothing.
     */
    private static void interrupted() {
        List<Path> left = OutputFile.abandonAll();
        if (!left.isEmpty()) {
            System.err.println("lrp: interrupted; not written, left as they were: " + left.stream()
                    .map(Path::toString).collect(Collectors.joining(", ")));
            System.err.flush();
        }
    }

    /**
     * Runs the command line with the given streams and returns the exit code.
     *
     * @param more commands added beside the built-in ones (the spark module's {@code spark}), with the same error
     *     handling
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err, Object... more) {
        boolean verbose = Arrays.asList(args).contains("--verbose");
        CommandLine cli = new CommandLine(new Main());
        for (Object command : more) {
            cli.addSubcommand(command);
        }
        // Wide enough that no example command wraps: a wrapped command pasted into a shell breaks.
        cli.setUsageHelpWidth(120);
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((ex, a) -> {
            String command = ex.getCommandLine().getCommandName();
            err.println("lrp: " + ex.getMessage() + " (see ./lrp " + ("lrp".equals(command) ? "" : command + " ")
                    + "--help)");
            if (verbose) {
                ex.printStackTrace(err);
            }
            return USER_ERROR;
        });
        cli.setExecutionExceptionHandler((ex, c, parsed) -> {
            if (ex instanceof ExplainException || ex instanceof SpecException) {
                boolean unknownName = ex.getMessage() != null && (ex.getMessage().startsWith("unknown rule")
                        || ex.getMessage().startsWith("unknown composite"));
                err.println("lrp: " + ex.getMessage() + (unknownName ? PluginOptions.failedSuffix() : ""));
            } else {
                err.println("lrp: internal error: " + ex + (verbose ? "" : " (run with --verbose for details)"));
            }
            if (verbose) {
                ex.printStackTrace(err);
            }
            err.flush();
            return ex instanceof ExplainException || ex instanceof SpecException ? USER_ERROR : 1;
        });
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }
}

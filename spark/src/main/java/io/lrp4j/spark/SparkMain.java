package io.lrp4j.spark;

import io.lrp4j.cli.Main;
import java.io.PrintWriter;

/**
 * The entry point of {@code ./lrp spark ...} and of {@code spark-submit}: the command line of {@code ./lrp}, with
 * its error handling, plus the {@code spark} commands.
 */
public final class SparkMain {
    private SparkMain() {
    }

    /** Runs {@code spark explain ...} (or any other lrp command) and exits with its code. */
    public static void main(String[] args) {
        System.exit(Main.run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true),
                new SparkCommand()));
    }
}

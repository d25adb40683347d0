package io.lrp4j.spark;

import io.lrp4j.engine.ExplainException;
import io.lrp4j.engine.io.NpyRowReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.spark.sql.SparkSession;

/** What the spark commands read and start before their job: the model's bytes, one row's shape, the session. */
final class SparkInputs {
    /** The master without --master or spark-submit: every core of this machine. */
    static final String LOCAL = "local[*]";
    /** --master's help. */
    static final String MASTER_HELP = "Spark's master; default: spark-submit's --master, else " + LOCAL + ".";

    private SparkInputs() {
    }

    /** Whether the input is a {@code .npy} file (else a Parquet data set). */
    static boolean isNpy(Path input) {
        return input.getFileName().toString().endsWith(".npy");
    }

    /** The model file's bytes, to broadcast. */
    static byte[] modelBytes(Path model) {
        try {
            return Files.readAllBytes(model);
        } catch (IOException e) {
            throw new ExplainException("cannot read model " + model + ": " + e.getMessage(), e);
        }
    }

    /** One row's shape: a {@code .npy} file's own, or Parquet input's {@code --shape}. */
    static long[] rowShape(Path input, String shape) {
        if (!isNpy(input)) {
            return parseShape(shape);
        }
        try (NpyRowReader reader = NpyRowReader.open(input)) {
            long[] s = reader.shape();
            return Arrays.copyOfRange(s, 1, s.length);
        }
    }

    /**
     * The Spark session, quiet but for warnings, with the explainer already being made beside its start
     * ({@link SparkExplainer#prepareInBackground}).
     *
     * @param master {@code --master}, or null for spark-submit's (its {@code spark.master}), else {@code local[*]}
     */
    static SparkSession start(String master, String appName, byte[] modelZip, String method) {
        SparkExplainer.prepareInBackground(modelZip, method);
        SparkSession.Builder builder = SparkSession.builder().appName(appName).config("spark.ui.enabled", "false");
        if (master != null) {
            builder.master(master);
        } else if (System.getProperty("spark.master") == null) {
            builder.master(LOCAL);
        }
        SparkSession spark = builder.getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        return spark;
    }

    private static long[] parseShape(String shape) {
        if (shape == null) {
            throw new ExplainException("Parquet input needs --shape, one row's shape without the batch (e.g."
                    + " --shape 1,28,28)");
        }
        try {
            long[] s = Arrays.stream(shape.split(",")).map(String::trim).mapToLong(Long::parseLong).toArray();
            if (s.length == 0 || Arrays.stream(s).anyMatch(d -> d < 1)) {
                throw new NumberFormatException();
            }
            return s;
        } catch (NumberFormatException e) {
            throw new ExplainException("--shape " + shape + " is not a list of positive sizes such as 1,28,28");
        }
    }
}

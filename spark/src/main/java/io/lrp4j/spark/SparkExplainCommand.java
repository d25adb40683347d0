package io.lrp4j.spark;

import io.lrp4j.engine.ExplainException;
import io.lrp4j.engine.io.NpyRowWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lrp spark explain}: {@code ./lrp explain} for more rows than one machine should take, on Spark. */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"Explains every row of a .npy file or a Parquet data set on Spark: each partition builds one",
            "explainer from the model (broadcast once) and explains its rows in blocks; nothing is collected to the",
            "driver, except rows on their way into an --out .npy file, one partition at a time."},
        footer = {"", "Examples:",
            "  ./lrp spark explain --model m.zip --input x.npy --out r.npy --method epsilon-plus",
            "  ./lrp spark explain --master local[2] --model m.zip --input rows.parquet --column x --shape 1,28,28"
                + " --out relevance.parquet --method gradient"})
public final class SparkExplainCommand implements Callable<Integer> {
    /** The column of row order added to Parquet input on its way to a {@code .npy} file. */
    private static final String ORDER = "_lrp4j_row";
    /** Rows the driver writes to a {@code .npy} file at once. */
    private static final int WRITE_BLOCK = 256;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--master", paramLabel = "URL", description = SparkInputs.MASTER_HELP)
    String master;

    @Option(names = "--model", required = true, paramLabel = "M.zip|M.h5", description = "The model, as explain takes it.")
    Path model;

    @Option(names = "--input", required = true, paramLabel = "X.npy|ROWS.parquet",
            description = "A .npy file [N, ...] (split into partitions by rows) or a Parquet data set with an array"
                    + " column of numbers (--column) holding each row flattened (--shape).")
    Path input;

    @Option(names = "--column", defaultValue = "x", paramLabel = "NAME",
            description = "Parquet input: the column of each row's values (default x).")
    String column;

    @Option(names = "--shape", paramLabel = "D1,D2,...",
            description = "Parquet input: one row's shape without the batch, e.g. 1,28,28.")
    String shape;

    @Option(names = "--out", required = true, paramLabel = "R.npy|OUT.parquet",
            description = "Relevance in row order as a .npy file (the input's shape), or a Parquet data set with the"
                    + " input's other columns and relevance, target, score, absorbed.")
    Path out;

    @Option(names = "--method", defaultValue = "epsilon-plus", paramLabel = "METHOD",
            description = "A composite, gradient, gradient-x-input, a rule for every layer, or lrp:SEL=SPEC;..."
                    + " (default epsilon-plus), as evaluate's --method takes it.")
    String method;

    @Option(names = "--target", defaultValue = "argmax", paramLabel = "argmax|INDEX",
            description = "The class explained: each row's argmax (default) or one class index.")
    String target;

    @Option(names = "--block-size", defaultValue = "64", paramLabel = "N",
            description = "Rows explained in one call within a partition (default 64).")
    int blockSize;

    @Option(names = "--partitions", defaultValue = "0", paramLabel = "P",
            description = ".npy input: partitions (default: Spark's default parallelism).")
    int partitions;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        boolean npyOut = out.getFileName().toString().endsWith(".npy");
        if (Files.exists(out) && !npyOut) {
            throw new ExplainException(out + " exists; lrp4j never overwrites a data set: choose another --out");
        }
        byte[] zip = SparkInputs.modelBytes(model);
        boolean npyIn = SparkInputs.isNpy(input);
        long[] rowShape = SparkInputs.rowShape(input, shape);
        SparkSession spark = SparkInputs.start(master, "lrp4j explain", zip, method);
        try {
            int parts = partitions > 0 ? partitions : spark.sparkContext().defaultParallelism();
            long written = npyIn && npyOut
                    // Each task reads its rows from the file and writes their relevance at their place in the other.
                    ? SparkExplainer.explainIntoNpy(spark, input, parts, zip, method, target, blockSize, out)
                    : explainRows(spark, npyIn ? NpyRows.read(spark, input, parts)
                            : spark.read().parquet(input.toString()), npyIn ? NpyRows.X : column, rowShape, zip,
                            npyOut);
            stdout.println("wrote " + out + ": relevance of " + written + " rows " + Arrays.toString(rowShape)
                    + " each, method " + method + ", on " + spark.sparkContext().master());
            return 0;
        } finally {
            spark.stop();
        }
    }

    /** Explains Spark rows into the {@code .npy} or Parquet {@code out}; returns the number of rows. */
    private long explainRows(SparkSession spark, Dataset<Row> rows, String col, long[] rowShape, byte[] zip,
            boolean npyOut) {
        if (npyOut) {
            // Parquet's row order kept through the job by a column of increasing ids.
            Dataset<Row> ordered = rows.withColumn(ORDER, functions.monotonically_increasing_id());
            Dataset<Row> explained = SparkExplainer.explain(ordered, col, rowShape, zip, method, target, blockSize);
            return writeNpy(spark, explained.select(ORDER, SparkExplainer.RELEVANCE), rowShape);
        }
        SparkExplainer.explain(rows, col, rowShape, zip, method, target, blockSize).drop(col).write()
                .parquet(out.toString());
        return spark.read().parquet(out.toString()).count();
    }

    /**
     * Writes the relevance to {@code out} in row order: the tasks write it, side by side, to a Parquet data set beside
     * {@code out}; the driver then streams it back in order of the first column into the {@code .npy} file, a block
     * of rows at a time, and deletes the data set.
     */
    private long writeNpy(SparkSession spark, Dataset<Row> idAndRelevance, long[] rowShape) {
        Path parts = out.resolveSibling(out.getFileName() + ".parts");
        if (Files.exists(parts)) {
            throw new ExplainException(parts + " exists (left by an interrupted run?): delete it, or choose another"
                    + " --out");
        }
        try {
            idAndRelevance.write().parquet(parts.toString());
            Dataset<Row> back = spark.read().parquet(parts.toString());
            long rows = back.count();
            long width = RowArrays.width(rowShape);
            long[] shape = RowArrays.batchShape(rows, rowShape);
            Iterator<Row> it = back.orderBy(back.columns()[0]).select(SparkExplainer.RELEVANCE).toLocalIterator();
            try (NpyRowWriter writer = NpyRowWriter.create(out, DataType.FLOAT, shape)) {
                float[] block = new float[(int) (WRITE_BLOCK * width)];
                int n = 0;
                while (it.hasNext()) {
                    RowArrays.copyFloats(it.next().getList(0), block, (int) (n * width));
                    n++;
                    if (n == WRITE_BLOCK || !it.hasNext()) {
                        writer.append(Nd4j.create(Arrays.copyOf(block, (int) (n * width)), RowArrays.batchShape(n,
                                rowShape), 'c'));
                        n = 0;
                    }
                }
            }
            return rows;
        } finally {
            deleteTree(parts);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // What is left is named in no output; the next run says so before it writes.
        }
    }

}

package io.lrp4j.spark;

import io.lrp4j.engine.ExplainException;
import io.lrp4j.engine.Explainer;
import io.lrp4j.engine.Explanation;
import io.lrp4j.engine.MethodSpec;
import io.lrp4j.engine.OpenMpThreads;
import io.lrp4j.engine.Target;
import io.lrp4j.engine.io.ModelFiles;
import io.lrp4j.engine.io.NpyRowReader;
import io.lrp4j.engine.registry.RuleRegistry;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Explains every row of a Spark {@code Dataset}: each partition builds one {@link Explainer} from the model's bytes
 * (broadcast once), explains its rows in blocks and frees them; nothing is collected to the driver. Each output row is
 * the input row with four columns added: {@value #RELEVANCE} (the relevance, flattened as the input column is),
 * {@value #TARGET} (the explained class), {@value #SCORE} (its pre-softmax score) and {@value #ABSORBED} (what the
 * ledger says the layers absorbed, so that score = sum of relevance + absorbed).
 */
public final class SparkExplainer implements Serializable {
    private static final long serialVersionUID = 1L;
    /** The column of relevance added to every row, an array of floats in the input column's order. */
    public static final String RELEVANCE = "relevance";
    /** The column of the explained class. */
    public static final String TARGET = "target";
    /** The column of the explained class's pre-softmax score. */
    public static final String SCORE = "score";
    /** The column of what the layers absorbed (biases, stabilizers), per the ledger. */
    public static final String ABSORBED = "absorbed";

    private final Broadcast<byte[]> model;
    /** The model's digest: explainers are kept per model and method, whatever SparkContext broadcast it. */
    private final String modelKey;
    private final String method;
    private final String target;
    private final int blockSize;

    private SparkExplainer(Broadcast<byte[]> model, String modelKey, String method, String target, int blockSize) {
        this.model = model;
        this.modelKey = modelKey;
        this.method = method;
        this.target = target;
        this.blockSize = blockSize;
    }

    /**
     * Explains each row of {@code rows}.
     *
     * @param rows the rows; only read
     * @param column the input column: an array of floats (or doubles), one row's input flattened in row-major order
     * @param rowShape the shape of one row's input, without the batch, e.g. {@code {1, 28, 28}}
     * @param modelZip the model as {@code ModelSerializer} writes it (or a Keras {@code .h5} file's bytes)
     * @param method as {@link MethodSpec} takes it: a composite, a method, a rule for every layer, or {@code lrp:...}
     * @param target {@code argmax} or a class index, as {@link Target#parse} takes it
     * @param blockSize rows explained in one call within a partition
     * @return the rows with {@value #RELEVANCE}, {@value #TARGET}, {@value #SCORE} and {@value #ABSORBED} added
     * @throws ExplainException on the driver for a column that is missing or not an array, a bad method, target or
     *     block size, or a model that does not load; a row whose input does not fit fails its task with a message
     *     naming the row
     */
    public static Dataset<Row> explain(Dataset<Row> rows, String column, long[] rowShape, byte[] modelZip,
            String method, String target, int blockSize) {
        requireBlockSize(blockSize);
        StructType in = rows.schema();
        if (!Arrays.asList(in.fieldNames()).contains(column)) {
            throw new ExplainException("no column '" + column + "'; the rows have " + Arrays.toString(in.fieldNames()));
        }
        if (!(in.apply(column).dataType() instanceof org.apache.spark.sql.types.ArrayType)) {
            throw new ExplainException("column '" + column + "' is " + in.apply(column).dataType().simpleString()
                    + "; it must be an array of numbers");
        }
        SparkExplainer job = job(rows.sparkSession().sparkContext(), modelZip, method, target, blockSize);
        StructType out = in.add(new StructField(RELEVANCE, DataTypes.createArrayType(DataTypes.FloatType, false),
                false, org.apache.spark.sql.types.Metadata.empty()))
                .add(TARGET, DataTypes.LongType, false)
                .add(SCORE, DataTypes.DoubleType, false)
                .add(ABSORBED, DataTypes.DoubleType, false);
        int index = in.fieldIndex(column);
        long[] shape = rowShape.clone();
        return rows.mapPartitions((MapPartitionsFunction<Row, Row>) it -> job.partition(it, index, shape),
                Encoders.row(out));
    }

    private static void requireBlockSize(int blockSize) {
        if (blockSize < 1) {
            throw new ExplainException("the block size must be at least 1 row, got " + blockSize);
        }
    }

    /**
     * The job's settings with the model broadcast, after the driver has checked, once and before any task runs, that
     * the target parses, the model loads and the method applies to it. In local mode the tasks run in this JVM and
     * find the driver's explainer made.
     */
    private static SparkExplainer job(org.apache.spark.SparkContext spark, byte[] modelZip, String method,
            String target, int blockSize) {
        Target.parse(target);
        String key = Explainers.key(modelZip);
        Broadcast<byte[]> shared = new org.apache.spark.api.java.JavaSparkContext(spark).broadcast(modelZip);
        try {
            Explainers.cached(key, modelZip, method);
        } catch (RuntimeException e) {
            shared.destroy();
            throw e;
        }
        return new SparkExplainer(shared, key, method, target, blockSize);
    }

    /**
     * A task's explainer, the one its executor keeps for this model and method. Tasks run side by side, one per core:
     * each on one OpenMP thread, as BlockExplainer's workers do, where teams as wide as the machine would only wait
     * for each other.
     */
    private Explainer taskExplainer() {
        OpenMpThreads.limitThisThread(1);
        return Explainers.cached(modelKey, model.value(), method);
    }

    /** The rows of one partition, explained a block at a time as the iterator is read. */
    private Iterator<Row> partition(Iterator<Row> rows, int column, long[] rowShape) {
        Explainer explainer = taskExplainer();
        Target t = Target.parse(target);
        long width = RowArrays.width(rowShape);
        return new Iterator<>() {
            private final List<Row> done = new ArrayList<>();
            private int next;

            @Override
            public boolean hasNext() {
                if (next < done.size()) {
                    return true;
                }
                done.clear();
                next = 0;
                List<Row> block = new ArrayList<>();
                while (block.size() < blockSize && rows.hasNext()) {
                    block.add(rows.next());
                }
                if (!block.isEmpty()) {
                    explainBlock(explainer, t, block, column, rowShape, width, done);
                }
                return !done.isEmpty();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return done.get(next++);
            }
        };
    }

    private static void explainBlock(Explainer explainer, Target t, List<Row> block, int column, long[] rowShape,
            long width, List<Row> out) {
        int n = block.size();
        try (Explanation e = explainRows(explainer, t, block, column, rowShape, width)) {
            float[][] relevance = e.relevance().castTo(DataType.FLOAT).reshape(n, width).toFloatMatrix();
            long[] targets = e.targets().toLongVector();
            double[] scores = e.targetScores().toDoubleVector();
            double[] absorbed = e.absorbed().toDoubleVector();
            for (int r = 0; r < n; r++) {
                Row row = block.get(r);
                Object[] fields = new Object[row.size() + 4];
                for (int i = 0; i < row.size(); i++) {
                    fields[i] = row.get(i);
                }
                fields[row.size()] = RowArrays.arrayOf(relevance[r]);
                fields[row.size() + 1] = targets[r];
                fields[row.size() + 2] = scores[r];
                fields[row.size() + 3] = absorbed[r];
                out.add(RowFactory.create(fields));
            }
        }
    }

    /** One block of rows' explanation; the caller closes it. */
    private static Explanation explainRows(Explainer explainer, Target t, List<Row> block, int column,
            long[] rowShape, long width) {
        int n = block.size();
        float[] values = new float[(int) (n * width)];
        for (int r = 0; r < n; r++) {
            Row row = block.get(r);
            List<Object> input = row.isNullAt(column) ? null : row.getList(column);
            if (input == null || input.size() != width) {
                throw new ExplainException("row " + describe(row) + ": column " + row.schema().fieldNames()[column]
                        + " holds " + (input == null ? "null" : input.size() + " values") + ", the model's input "
                        + Arrays.toString(rowShape) + " needs " + width);
            }
            RowArrays.copyFloats(input, values, (int) (r * width));
        }
        INDArray x = Nd4j.create(values, RowArrays.batchShape(n, rowShape), 'c').castTo(explainer.dataType());
        try {
            return explainer.explain(x, t);
        } catch (ExplainException bad) {
            throw new ExplainException("rows " + describe(block.get(0)) + " to " + describe(block.get(n - 1)) + ": "
                    + bad.getMessage(), bad);
        }
    }

    /**
     * Explains the rows of the {@code .npy} file {@code input} into the {@code .npy} file {@code out}, in the input's
     * shape and row order. The rows are split into {@code partitions} contiguous ranges; each task reads its range
     * from {@code input} a block at a time and writes the block's relevance straight into {@code out} at its offset:
     * no row passes through the driver, Spark's rows or its encoders. Both files must be at the same path for every
     * executor. The file appears under {@code out} once every task has succeeded.
     *
     * @return the number of rows explained
     */
    public static long explainIntoNpy(SparkSession spark, Path input, int partitions, byte[] modelZip, String method,
            String target, int blockSize, Path out) {
        long rows;
        try (NpyRowReader reader = NpyRowReader.open(input)) {
            rows = reader.shape()[0];
        }
        int p = (int) Math.max(1, Math.min(partitions, rows));
        List<long[]> ranges = new ArrayList<>();
        for (int i = 0; i < p; i++) {
            ranges.add(new long[] {rows * i / p, rows * (i + 1) / p});
        }
        return explainRangesIntoNpy(new org.apache.spark.api.java.JavaSparkContext(spark.sparkContext())
                .parallelize(ranges, p), input, modelZip, method, target, blockSize, out);
    }

    /** {@link #explainIntoNpy} over given ranges {@code [from, to)} of rows, which must cover the file once. */
    static long explainRangesIntoNpy(JavaRDD<long[]> ranges, Path input, byte[] modelZip, String method,
            String target, int blockSize, Path out) {
        requireBlockSize(blockSize);
        long[] shape;
        try (NpyRowReader reader = NpyRowReader.open(input)) {
            shape = reader.shape();
        }
        SparkExplainer job = job(ranges.context(), modelZip, method, target, blockSize);
        long header = NpyRelevanceFile.prepare(out, shape);
        String partial = NpyRelevanceFile.partial(out).toAbsolutePath().toString();
        String in = input.toAbsolutePath().toString();
        boolean done = false;
        try {
            ranges.foreach(range -> job.writeRange(in, range[0], range[1], partial, header));
            done = true;
        } finally {
            // A failed job throws SparkException, which Java does not see as thrown here: hence no catch.
            if (!done) {
                NpyRelevanceFile.abandon(out);
            }
        }
        NpyRelevanceFile.commit(out);
        return shape[0];
    }

    /** Rows {@code [from, to)} of the {@code .npy} file {@code input} explained a block at a time and written. */
    private void writeRange(String input, long from, long to, String partial, long header) {
        Explainer explainer = taskExplainer();
        Target t = Target.parse(target);
        try (NpyRowReader reader = NpyRowReader.open(Path.of(input))) {
            for (long first = from; first < to; first += blockSize) {
                int n = (int) Math.min(blockSize, to - first);
                INDArray x = reader.read(first, n).castTo(explainer.dataType());
                try (Explanation e = explainer.explain(x, t)) {
                    NpyRelevanceFile.write(partial, header, first, e.relevance());
                } catch (ExplainException bad) {
                    throw new ExplainException("rows " + first + " to " + (first + n - 1) + " of " + input + ": "
                            + bad.getMessage(), bad);
                }
            }
        }
    }

    /**
     * Starts making the explainer for {@code modelZip} and {@code method} on a thread of its own, so that ND4J's start
     * and the model's loading overlap the Spark session's start; {@link #explain} then finds it made. A failure is
     * left for {@link #explain} to report.
     */
    public static void prepareInBackground(byte[] modelZip, String method) {
        Thread t = new Thread(() -> {
            try {
                Explainers.cached(Explainers.key(modelZip), modelZip, method);
            } catch (RuntimeException reportedLater) {
                // explain makes it again on the driver and says what is wrong, in one line.
            }
        }, "lrp4j-prepare");
        t.setDaemon(true);
        t.start();
    }

    /** The number of classes the model scores, from one row of zeros of {@code rowShape}, on the driver. */
    static int classes(byte[] modelZip, String method, long[] rowShape) {
        // The explainer the driver made to check the job, not the model loaded again.
        Explainer explainer = Explainers.cached(Explainers.key(modelZip), modelZip, method);
        return (int) explainer.scores(Nd4j.zeros(explainer.dataType(), RowArrays.batchShape(1, rowShape))).size(1);
    }

    /** A row, for a message: its first field, which is usually its key. */
    private static String describe(Row row) {
        String first = String.valueOf(row.get(0));
        return first.length() > 40 ? first.substring(0, 40) + "..." : first;
    }

    /**
     * Explainers made from model bytes, on the driver to check and in each executor to explain. An explainer is safe
     * to share between threads, so an executor JVM makes one per model (by its digest) and method, for all its
     * tasks; the rule registry (a scan of the classpath, which Spark's is long) is made once per JVM.
     */
    private static final class Explainers {
        private static final java.util.Map<String, Explainer> BY_MODEL = new java.util.concurrent.ConcurrentHashMap<>();
        private static volatile RuleRegistry registry;

        private Explainers() {
        }

        static Explainer cached(String modelKey, byte[] modelZip, String method) {
            return BY_MODEL.computeIfAbsent(modelKey + " " + method, k -> build(modelZip, method));
        }

        /** The model bytes' SHA-256, in hex. */
        static String key(byte[] modelZip) {
            try {
                return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                        .digest(modelZip));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java has SHA-256", e);
            }
        }

        private static RuleRegistry registry() {
            if (registry == null) {
                synchronized (Explainers.class) {
                    if (registry == null) {
                        registry = RuleRegistry.scan();
                    }
                }
            }
            return registry;
        }

        private static Explainer build(byte[] modelZip, String method) {
            Path file = null;
            try {
                file = Files.createTempFile("lrp4j-model", ".bin");
                Files.write(file, modelZip);
                Model net = ModelFiles.loadAny(file);
                return MethodSpec.explainer(net, registry(), method);
            } catch (IOException e) {
                throw new ExplainException("cannot stage the model for a task: " + e.getMessage(), e);
            } finally {
                if (file != null) {
                    try {
                        Files.deleteIfExists(file);
                    } catch (IOException ignored) {
                        // A temporary file: the system cleans it up.
                    }
                }
            }
        }
    }
}

package io.lrp4j.spark;

import io.lrp4j.cli.SummaryReport;
import io.lrp4j.engine.ExplainException;
import io.lrp4j.engine.summary.ClassMeans;
import io.lrp4j.engine.summary.ClassSamples;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lrp spark summarize}: {@code ./lrp summarize} on Spark. Each partition adds up its rows' relevance per class;
 * the driver receives only those totals and each class's first heatmaps, and writes the same summary.
 */
@Command(name = "summarize", mixinStandardHelpOptions = true,
        description = {"./lrp summarize on Spark: per class the mean relevance map and the mean absolute one, and a",
            "spectral relevance analysis of each class's first heatmaps. The driver receives only per-class totals",
            "and those heatmaps."},
        footer = {"", "Example:",
            "  ./lrp spark summarize --model m.zip --input x.npy --method epsilon-plus --out summary"})
public final class SparkSummarizeCommand implements Callable<Integer> {
    private static final String ORDER = "_lrp4j_row";

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--master", paramLabel = "URL", description = SparkInputs.MASTER_HELP)
    String master;

    @Option(names = "--model", required = true, paramLabel = "M.zip|M.h5", description = "The model.")
    Path model;

    @Option(names = "--input", required = true, paramLabel = "X.npy|ROWS.parquet",
            description = "A .npy file, or a Parquet data set with --column and --shape, as spark explain takes it.")
    Path input;

    @Option(names = "--column", defaultValue = "x", paramLabel = "NAME", description = "Parquet input's column.")
    String column;

    @Option(names = "--shape", paramLabel = "D1,D2,...", description = "Parquet input: one row's shape.")
    String shape;

    @Option(names = "--method", defaultValue = "epsilon-plus", paramLabel = "METHOD",
            description = "As spark explain takes it (default epsilon-plus).")
    String method;

    @Option(names = "--labels", paramLabel = "L.txt", description = "Class names, one per line.")
    Path labels;

    @Option(names = "--per-class", defaultValue = "500", paramLabel = "M",
            description = "Heatmaps per class for the spectral relevance analysis (default 500; 0 skips it).")
    int perClass;

    @Option(names = "--pool", defaultValue = "2", paramLabel = "P", description = "SpRAy's patch side (default 2).")
    int pool;

    @Option(names = "--block-size", defaultValue = "64", paramLabel = "N", description = "Rows per call (default 64).")
    int blockSize;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where the summary goes.")
    Path out;

    @Override
    public Integer call() {
        PrintWriter print = spec.commandLine().getOut();
        byte[] zip = SparkInputs.modelBytes(model);
        boolean npyIn = SparkInputs.isNpy(input);
        long[] rowShape = SparkInputs.rowShape(input, shape);
        SparkSession spark = SparkInputs.start(master, "lrp4j summarize", zip, method);
        try {
            Dataset<Row> rows = npyIn ? NpyRows.read(spark, input, spark.sparkContext().defaultParallelism())
                    : spark.read().parquet(input.toString()).withColumn(ORDER, functions.monotonically_increasing_id());
            String id = npyIn ? NpyRows.ID : ORDER;
            Dataset<Row> explained = SparkExplainer.explain(rows, npyIn ? NpyRows.X : column, rowShape, zip, method,
                    "argmax", blockSize).select(id, SparkExplainer.TARGET, SparkExplainer.RELEVANCE)
                    .persist(StorageLevel.MEMORY_AND_DISK());
            int classes = SparkExplainer.classes(zip, method, rowShape);
            ClassMeans means = totals(explained, classes, rowShape);
            if (means.classes() == 0) {
                throw new ExplainException(input + " holds no rows");
            }
            ClassSamples samples = new ClassSamples(Math.max(0, perClass));
            if (perClass > 0) {
                List<Row> first = explained.withColumn("_rank", functions.row_number().over(Window.partitionBy(
                        SparkExplainer.TARGET).orderBy(id))).filter(functions.col("_rank").leq(perClass))
                        .orderBy(id).collectAsList();
                for (Row r : first) {
                    samples.add(classes, (int) r.getLong(1), r.getLong(0), Nd4j.create(RowArrays.floats(r.getList(2)),
                            rowShape, 'c'));
                }
            }
            explained.unpersist();
            SummaryReport.write(out, means, samples, io.lrp4j.cli.ClassNames.of(labels, classes),
                    npyIn ? input : null, perClass, pool, print);
            print.println("wrote the summary to " + out + " (method " + method + ", on "
                    + spark.sparkContext().master() + ")");
            return 0;
        } finally {
            spark.stop();
        }
    }

    /** Each partition's per-class totals, added up on the driver. */
    private static ClassMeans totals(Dataset<Row> explained, int classes, long[] rowShape) {
        long width = RowArrays.width(rowShape);
        StructType schema = new StructType().add("class", DataTypes.IntegerType).add("count", DataTypes.LongType)
                .add("sum", DataTypes.createArrayType(DataTypes.FloatType, false))
                .add("abs", DataTypes.createArrayType(DataTypes.FloatType, false));
        List<Row> partial = explained.mapPartitions((MapPartitionsFunction<Row, Row>) it -> {
            ClassMeans part = new ClassMeans();
            List<Row> block = new ArrayList<>();
            while (it.hasNext()) {
                block.add(it.next());
                if (block.size() == 256 || !it.hasNext()) {
                    float[] values = new float[(int) (block.size() * width)];
                    long[] targets = new long[block.size()];
                    for (int r = 0; r < block.size(); r++) {
                        RowArrays.copyFloats(block.get(r).getList(2), values, (int) (r * width));
                        targets[r] = block.get(r).getLong(1);
                    }
                    part.add(Nd4j.create(values, new long[] {block.size(), width}, 'c'), Nd4j.createFromArray(targets),
                            classes);
                    block.clear();
                }
            }
            List<Row> out = new ArrayList<>();
            for (int c = 0; c < part.classes(); c++) {
                if (part.count(c) > 0) {
                    out.add(RowFactory.create(c, part.count(c), RowArrays.arrayOf(part.total(c)
                            .castTo(DataType.FLOAT).toFloatVector()), RowArrays.arrayOf(part.absoluteTotal(c)
                            .castTo(DataType.FLOAT).toFloatVector())));
                }
            }
            Iterator<Row> rows = out.iterator();
            return rows;
        }, Encoders.row(schema)).collectAsList();
        ClassMeans means = new ClassMeans();
        for (Row r : partial) {
            means.addTotals(classes, rowShape, r.getInt(0), r.getLong(1), Nd4j.create(RowArrays.floats(r.getList(2))),
                    Nd4j.create(RowArrays.floats(r.getList(3))));
        }
        return means;
    }

}

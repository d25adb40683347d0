package io.lrp4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lrp4j.engine.ExplainException;
import io.lrp4j.engine.Explainer;
import io.lrp4j.engine.Explanation;
import io.lrp4j.engine.Target;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * The Spark job in {@code local[2]} (tasks retried up to twice): its relevance equals the engine's for the same rows,
 * a task that fails once is retried and the output is still complete and without duplicates, and a malformed row
 * fails the job with a message naming it.
 */
class SparkExplainerTest {
    private static final int ROWS = 10;
    /** Failures the flaky partition function still has to throw; static, so tasks in this JVM share it. */
    private static final AtomicInteger FAILURES = new AtomicInteger();
    private static SparkSession spark;
    private static MultiLayerNetwork net;
    private static byte[] model;
    private static float[][] features;

    @BeforeAll
    static void start() throws Exception {
        spark = SparkSession.builder().master("local[2,3]").appName("lrp4j-test")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2").getOrCreate();
        net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(3).activation(Activation.RELU).list()
                .layer(new DenseLayer.Builder().nIn(6).nOut(5).build())
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nIn(5).nOut(3).activation(Activation.SOFTMAX)
                        .build())
                .build());
        net.init();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(net, bytes, false);
        model = bytes.toByteArray();
        Nd4j.getRandom().setSeed(4);
        features = Nd4j.rand(DataType.FLOAT, ROWS, 6).toFloatMatrix();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static Dataset<Row> rows(float[][] values) {
        StructType schema = new StructType().add("id", DataTypes.LongType, false)
                .add("x", DataTypes.createArrayType(DataTypes.FloatType, false), false);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            rows.add(RowFactory.create((long) i, values[i]));
        }
        return spark.createDataFrame(rows, schema).repartition(2);
    }

    private static float[] relevanceOf(Row row) {
        List<Float> r = row.getList(row.fieldIndex(SparkExplainer.RELEVANCE));
        float[] out = new float[r.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = r.get(i);
        }
        return out;
    }

    @Test
    void eachRowGetsTheEnginesRelevanceTargetScoreAndLedger() {
        List<Row> out = SparkExplainer.explain(rows(features), "x", new long[] {6}, model, "epsilon-plus", "argmax", 1)
                .orderBy("id").collectAsList();
        assertEquals(ROWS, out.size());
        Explainer direct = Explainer.forModel(net).composite("epsilon-plus").build();
        for (Row row : out) {
            int id = (int) row.getLong(0);
            // One row a block on both sides: the same bits.
            try (Explanation e = direct.explain(Nd4j.create(new float[][] {features[id]}), Target.argmax())) {
                assertArrayEquals(e.relevance().toFloatVector(), relevanceOf(row), "row " + id);
                assertEquals(e.targets().getLong(0), row.getLong(row.fieldIndex(SparkExplainer.TARGET)));
                double score = row.getDouble(row.fieldIndex(SparkExplainer.SCORE));
                assertEquals(e.targetScores().getDouble(0), score, 0);
                double sum = 0;
                for (float v : relevanceOf(row)) {
                    sum += v;
                }
                assertEquals(score, sum + row.getDouble(row.fieldIndex(SparkExplainer.ABSORBED)), 1e-5);
            }
        }
    }

    @Test
    void aTaskThatFailsOnceIsRetriedAndNoRowIsLostOrDoubled() {
        FAILURES.set(1);
        StructType schema = rows(features).schema();
        Dataset<Row> flaky = rows(features).mapPartitions((MapPartitionsFunction<Row, Row>) it -> {
            if (FAILURES.getAndDecrement() > 0) {
                throw new IllegalStateException("injected failure");
            }
            return it;
        }, Encoders.row(schema));
        List<Row> out = SparkExplainer.explain(flaky, "x", new long[] {6}, model, "gradient", "argmax", 3)
                .collectAsList();
        assertEquals(0, Math.max(0, FAILURES.get()), "the failure was injected");
        assertEquals(ROWS, out.size());
        assertEquals(ROWS, out.stream().mapToLong(r -> r.getLong(0)).distinct().count(), "no row doubled");
    }

    @Test
    void tasksWritingANpyFileAreRetriedAndTheFileIsComplete(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws Exception {
        java.nio.file.Path x = tmp.resolve("x.npy");
        io.lrp4j.engine.io.Npy.write(x, Nd4j.create(features));
        FAILURES.set(1);
        org.apache.spark.api.java.JavaRDD<long[]> flaky = new org.apache.spark.api.java.JavaSparkContext(
                spark.sparkContext()).parallelize(java.util.List.of(new long[] {0, 4}, new long[] {4, ROWS}), 2)
                .map(range -> {
                    if (FAILURES.getAndDecrement() > 0) {
                        throw new IllegalStateException("injected failure");
                    }
                    return range;
                });
        java.nio.file.Path out = tmp.resolve("r.npy");
        assertEquals(ROWS, SparkExplainer.explainRangesIntoNpy(flaky, x, model, "epsilon-plus", "argmax", 3, out));
        assertTrue(FAILURES.get() <= 0, "the failure was injected");
        assertTrue(!java.nio.file.Files.exists(NpyRelevanceFile.partial(out)), "the temporary file is gone");
        INDArray expected = Explainer.forModel(net).composite("epsilon-plus").build()
                .explain(Nd4j.create(features), Target.argmax()).relevance();
        assertTrue(expected.equalsWithEps(io.lrp4j.engine.io.Npy.read(out), 1e-6), "every row at its place");
    }

    @Test
    void aMalformedRowFailsTheJobNamingIt() {
        float[][] bad = features.clone();
        bad[7] = new float[] {1, 2, 3};
        Exception e = assertThrows(Exception.class, () -> SparkExplainer.explain(rows(bad), "x", new long[] {6},
                model, "epsilon", "argmax", 4).collectAsList());
        String message = String.valueOf(e.getMessage());
        assertTrue(message.contains("row 7: column x holds 3 values, the model's input [6] needs 6"), message);
    }

    @Test
    void aNanRowInANpyFileFailsTheJobNamingItsBlock(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) {
        float[][] bad = features.clone();
        bad[7] = bad[7].clone();
        bad[7][2] = Float.NaN;
        java.nio.file.Path x = tmp.resolve("x.npy");
        io.lrp4j.engine.io.Npy.write(x, Nd4j.create(bad));
        java.nio.file.Path out = tmp.resolve("r.npy");
        Exception e = assertThrows(Exception.class, () -> SparkExplainer.explainIntoNpy(spark, x, 2, model,
                "epsilon", "argmax", 3, out));
        String message = String.valueOf(e.getMessage());
        assertTrue(message.contains("rows 5 to 7 of " + x.toAbsolutePath()), message);
        assertTrue(!java.nio.file.Files.exists(out), "no output");
        assertTrue(!java.nio.file.Files.exists(NpyRelevanceFile.partial(out)), "no temporary file");
    }

    @Test
    void badSettingsAreRefusedOnTheDriver() {
        Dataset<Row> rows = rows(features);
        String[] messages = {
            assertThrows(ExplainException.class, () -> SparkExplainer.explain(rows, "y", new long[] {6}, model,
                    "epsilon", "argmax", 4)).getMessage(),
            assertThrows(ExplainException.class, () -> SparkExplainer.explain(rows, "id", new long[] {6}, model,
                    "epsilon", "argmax", 4)).getMessage(),
            assertThrows(ExplainException.class, () -> SparkExplainer.explain(rows, "x", new long[] {6}, model,
                    "epsilon-pluss", "argmax", 4)).getMessage(),
            assertThrows(ExplainException.class, () -> SparkExplainer.explain(rows, "x", new long[] {6},
                    new byte[] {1, 2, 3}, "epsilon", "argmax", 4)).getMessage()};
        assertTrue(messages[0].startsWith("no column 'y'"), messages[0]);
        assertTrue(messages[1].contains("must be an array of numbers"), messages[1]);
        assertTrue(messages[2].startsWith("unknown method 'epsilon-pluss'"), messages[2]);
        assertTrue(messages[3].contains("not a DL4J model zip"), messages[3]);
    }
}

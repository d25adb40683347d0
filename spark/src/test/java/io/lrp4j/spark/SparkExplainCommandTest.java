package io.lrp4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lrp4j.cli.Main;
import io.lrp4j.engine.io.Npy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * {@code ./lrp spark explain} in {@code local[2]}: a {@code .npy} file's relevance equals {@code ./lrp explain}'s
 * byte for byte when both explain the same blocks of rows, and bad settings get one line and exit 2.
 */
class SparkExplainCommandTest {
    @TempDir
    Path tmp;

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err), new SparkCommand());
        return new Run(code, out.toString(), err.toString());
    }

    private Path model() throws Exception {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(2)
                .activation(Activation.RELU).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).build())
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(8, 8, 1)).build());
        net.init();
        Path zip = tmp.resolve("cnn.zip");
        ModelSerializer.writeModel(net, zip.toFile(), false);
        return zip;
    }

    @Test
    void aNpyFilesRelevanceIsWhatExplainWritesByteForByte() throws Exception {
        Path model = model();
        Path x = tmp.resolve("x.npy");
        Nd4j.getRandom().setSeed(6);
        Npy.write(x, Nd4j.rand(DataType.FLOAT, 10, 1, 8, 8));
        // Two partitions of five rows, each one block of five: the blocks ./lrp explain --batch-size 5 makes.
        Run spark = run("spark", "explain", "--master", "local[2]", "--model", model.toString(), "--input",
                x.toString(), "--out", tmp.resolve("spark.npy").toString(), "--method", "epsilon-plus",
                "--partitions", "2", "--block-size", "5");
        assertEquals(0, spark.code(), spark.err());
        assertTrue(spark.out().contains("relevance of 10 rows [1, 8, 8] each"), spark.out());
        Run local = run("explain", "--model", model.toString(), "--input", x.toString(), "--out",
                tmp.resolve("local.npy").toString(), "--composite", "epsilon-plus", "--batch-size", "5", "--threads",
                "1");
        assertEquals(0, local.code(), local.err());
        assertArrayEquals(Files.readAllBytes(tmp.resolve("local.npy")), Files.readAllBytes(tmp.resolve("spark.npy")));
    }

    @Test
    void aParquetDataSetGetsItsRelevanceAsParquetOrInRowOrderAsNpy() throws Exception {
        Path model = model();
        Nd4j.getRandom().setSeed(8);
        float[][] x = Nd4j.rand(DataType.FLOAT, 6, 64).toFloatMatrix();
        Path rows = tmp.resolve("rows.parquet");
        org.apache.spark.sql.SparkSession spark = org.apache.spark.sql.SparkSession.builder().master("local[2]")
                .config("spark.ui.enabled", "false").getOrCreate();
        try {
            java.util.List<org.apache.spark.sql.Row> list = new java.util.ArrayList<>();
            for (int i = 0; i < x.length; i++) {
                list.add(org.apache.spark.sql.RowFactory.create("doc" + i, x[i]));
            }
            spark.createDataFrame(list, new org.apache.spark.sql.types.StructType()
                    .add("name", org.apache.spark.sql.types.DataTypes.StringType)
                    .add("pixels", org.apache.spark.sql.types.DataTypes.createArrayType(
                            org.apache.spark.sql.types.DataTypes.FloatType))).coalesce(1).write()
                    .parquet(rows.toString());
        } finally {
            spark.stop();
        }
        Run toNpy = run("spark", "explain", "--master", "local[2]", "--model", model.toString(), "--input",
                rows.toString(), "--column", "pixels", "--shape", "1,8,8", "--out", tmp.resolve("r.npy").toString(),
                "--method", "gradient", "--block-size", "1");
        assertEquals(0, toNpy.code(), toNpy.err());
        org.nd4j.linalg.api.ndarray.INDArray expected = io.lrp4j.engine.MethodSpec.explainer(
                ModelSerializer.restoreMultiLayerNetwork(model.toFile(), false),
                io.lrp4j.engine.registry.RuleRegistry.scan(), "gradient")
                .explain(Nd4j.create(x).reshape(6, 1, 8, 8), io.lrp4j.engine.Target.argmax()).relevance();
        assertTrue(expected.equalsWithEps(Npy.read(tmp.resolve("r.npy")), 1e-6), "row order kept");
        Run toParquet = run("spark", "explain", "--master", "local[2]", "--model", model.toString(), "--input",
                rows.toString(), "--column", "pixels", "--shape", "1,8,8", "--out",
                tmp.resolve("out.parquet").toString());
        assertEquals(0, toParquet.code(), toParquet.err());
        assertTrue(toParquet.out().contains("relevance of 6 rows"), toParquet.out());
        assertTrue(Files.isDirectory(tmp.resolve("out.parquet")));
    }

    /** ./lrp spark summarize writes what ./lrp summarize writes: the same class means and the same groups. */
    @Test
    void sparkSummarizeGivesWhatSummarizeGives() throws Exception {
        Path model = tmp.resolve("demo.zip");
        ModelSerializer.writeModel(io.lrp4j.cli.demo.ShippedDemo.model(), model.toFile(), false);
        Path x = tmp.resolve("x.npy");
        Npy.write(x, io.lrp4j.cli.demo.ShippedDemo.testSubset().images());
        Run spark = run("spark", "summarize", "--master", "local[2]", "--model", model.toString(), "--input",
                x.toString(), "--per-class", "25", "--out", tmp.resolve("spark").toString());
        assertEquals(0, spark.code(), spark.err());
        Run local = run("summarize", "--model", model.toString(), "--input", x.toString(), "--per-class", "25",
                "--out", tmp.resolve("local").toString());
        assertEquals(0, local.code(), local.err());
        assertTrue(Npy.read(tmp.resolve("local/class-means.npy")).equalsWithEps(
                Npy.read(tmp.resolve("spark/class-means.npy")), 1e-6));
        assertTrue(Npy.read(tmp.resolve("local/class-mean-abs.npy")).equalsWithEps(
                Npy.read(tmp.resolve("spark/class-mean-abs.npy")), 1e-6));
        java.util.List<String> groups = local.out().lines().filter(l -> l.contains(" group")).toList();
        assertTrue(groups.size() >= 5, local.out());
        assertEquals(groups, spark.out().lines().filter(l -> l.contains(" group")).toList());
    }

    @Test
    void badSettingsGetOneLineAndExitTwo() throws Exception {
        Path model = model();
        Path x = tmp.resolve("x.npy");
        Npy.write(x, Nd4j.rand(DataType.FLOAT, 2, 1, 8, 8));
        String[][] cases = {
            {"--method", "epsilon-pluss", "unknown method 'epsilon-pluss'"},
            {"--block-size", "0", "the block size must be at least 1 row, got 0"},
            {"--target", "cat", "--target"}};
        for (String[] c : cases) {
            Run r = run("spark", "explain", "--master", "local[1]", "--model", model.toString(), "--input",
                    x.toString(), "--out", tmp.resolve("r.npy").toString(), c[0], c[1]);
            assertEquals(2, r.code(), c[0] + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().contains(c[2]), r.err());
        }
        Run parquet = run("spark", "explain", "--master", "local[1]", "--model", model.toString(), "--input",
                tmp.resolve("rows.parquet").toString(), "--out", tmp.resolve("out.parquet").toString());
        assertEquals(2, parquet.code(), parquet.err());
        assertTrue(parquet.err().contains("Parquet input needs --shape"), parquet.err());
    }
}

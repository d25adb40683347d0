package io.lrp4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lrp4j.engine.Explainer;
import io.lrp4j.engine.io.Npy;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** {@code ./lrp explain --model model.h5}: a Keras file explained as a DL4J zip is, and bad files refused. */
class KerasCommandTest {
    /** The engine's Keras fixtures, written by their script from known weights. */
    static final Path KERAS = Path.of("../engine/src/test/resources/keras");

    @TempDir
    Path tmp;

    @Test
    void aKerasFileIsExplainedAsTheJavaApiExplainsIt() throws Exception {
        Path x = tmp.resolve("x.npy");
        Nd4j.getRandom().setSeed(3);
        Npy.write(x, Nd4j.rand(DataType.FLOAT, 4, 4));
        Path model = KERAS.resolve("residual.h5");
        byte[] before = Files.readAllBytes(model);
        CliRun ok = CliRun.of("explain", "--model", model.toString(), "--input", x.toString(), "--out",
                tmp.resolve("r.npy").toString(), "--composite", "epsilon-plus");
        assertEquals(0, ok.code(), ok.err());
        INDArray expected = Explainer.forKeras(model).composite("epsilon-plus").build().explain(Npy.read(x))
                .relevance();
        assertEquals(0.0, expected.sub(Npy.read(tmp.resolve("r.npy"))).amaxNumber().doubleValue());
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(model)), "the model file is not modified");
    }

    @Test
    void filesThatAreNotKerasModelsGetOneLineAndExitTwo() throws Exception {
        Path x = tmp.resolve("x.npy");
        Npy.write(x, Nd4j.rand(DataType.FLOAT, 2, 4));
        Path empty = tmp.resolve("empty.h5");
        Files.write(empty, new byte[0]);
        Path weights = tmp.resolve("weights.h5");
        Files.copy(KERAS.resolve("mlp.h5"), weights);
        try (org.bytedeco.hdf5.H5File f = new org.bytedeco.hdf5.H5File(weights.toString(),
                org.bytedeco.hdf5.global.hdf5.H5F_ACC_RDWR)) {
            f.removeAttr("model_config");
        }
        for (Path bad : new Path[] {empty, weights}) {
            CliRun refused = CliRun.of("explain", "--model", bad.toString(), "--input", x.toString(), "--out",
                    tmp.resolve("r.npy").toString(), "--composite", "epsilon-plus");
            assertEquals(2, refused.code(), refused.err());
            assertEquals(1, refused.err().strip().lines().count(), refused.err());
        }
        CliRun noModel = CliRun.of("explain", "--model", weights.toString(), "--input", x.toString(), "--out",
                tmp.resolve("r.npy").toString(), "--composite", "epsilon-plus");
        assertTrue(noModel.err().contains("an HDF5 file without a Keras model"), noModel.err());
    }
}

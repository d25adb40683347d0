package io.lrp4j.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lrp4j.engine.io.KerasFiles;
import io.lrp4j.engine.io.ModelFiles;
import io.lrp4j.engine.io.Npy;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Keras 2 {@code .h5} files (written by {@code src/test/resources/keras/make_fixtures.py} from known weights) import
 * through DL4J's importer, and their scores and relevance equal those of the same network built directly in DL4J.
 */
class KerasImportTest {
    @TempDir
    Path tmp;

    private static Path resource(String name) throws Exception {
        return Path.of(KerasImportTest.class.getResource("/keras/" + name).toURI());
    }

    private static INDArray weight(String model, String layer, String name) throws Exception {
        return Npy.read(resource(model + "." + layer + "." + name + ".npy")).castTo(DataType.FLOAT);
    }

    private static INDArray input(long... shape) {
        Nd4j.getRandom().setSeed(12);
        return Nd4j.rand(DataType.FLOAT, shape);
    }

    /** The imported model and the direct one: the same scores and the same relevance under two methods. */
    private static void assertSameExplanations(Model imported, Model direct, INDArray x) {
        for (String composite : new String[] {"epsilon-plus", "epsilon-alpha2-beta1"}) {
            Explanation a = Explainer.forModel(imported).composite(composite).build().explain(x);
            Explanation b = Explainer.forModel(direct).composite(composite).build().explain(x);
            Approx.assertClose(b.scores(), a.scores(), 1e-5, composite + ": the pre-softmax scores");
            Approx.assertClose(b.relevance(), a.relevance(), 1e-5, composite + ": the relevance");
        }
        Explanation g = Explainer.forModel(imported).method(Method.GRADIENT).build().explain(x);
        Approx.assertClose(Explainer.forModel(direct).method(Method.GRADIENT).build().explain(x).relevance(),
                g.relevance(), 1e-5, "the gradient");
    }

    @Test
    void aSequentialMlpIsTheSameNetwork() throws Exception {
        Model imported = ModelFiles.loadAny(resource("mlp.h5"));
        assertTrue(imported instanceof MultiLayerNetwork, "Sequential becomes a MultiLayerNetwork");
        MultiLayerNetwork direct = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT)
                .list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(5).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nIn(5).nOut(3).activation(Activation.SOFTMAX).build())
                .build());
        direct.init();
        direct.getLayer(0).setParam("W", weight("mlp", "dense_1", "kernel"));
        direct.getLayer(0).setParam("b", weight("mlp", "dense_1", "bias").reshape(1, 5));
        direct.getLayer(1).setParam("W", weight("mlp", "dense_2", "kernel"));
        direct.getLayer(1).setParam("b", weight("mlp", "dense_2", "bias").reshape(1, 3));
        INDArray x = input(7, 4);
        Approx.assertClose(direct.output(x), ((MultiLayerNetwork) imported).output(x), 1e-6, "softmax outputs");
        assertSameExplanations(imported, direct, x);
    }

    @Test
    void aFunctionalModelWithAResidualAddIsTheSameGraph() throws Exception {
        Model imported = KerasFiles.load(resource("residual.h5"));
        assertTrue(imported instanceof ComputationGraph, "a functional model becomes a ComputationGraph");
        ComputationGraph direct = new ComputationGraph(new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT)
                .graphBuilder().addInputs("in")
                .addLayer("a", new DenseLayer.Builder().nIn(4).nOut(6).activation(Activation.RELU).build(), "in")
                .addLayer("b", new DenseLayer.Builder().nIn(4).nOut(6).activation(Activation.RELU).build(), "in")
                .addVertex("sum", new ElementWiseVertex(ElementWiseVertex.Op.Add), "a", "b")
                .addLayer("out", new DenseLayer.Builder().nIn(6).nOut(3).activation(Activation.SOFTMAX).build(), "sum")
                .setOutputs("out").setInputTypes(InputType.feedForward(4)).build());
        direct.init();
        for (String[] layer : new String[][] {{"a", "dense_a", "6"}, {"b", "dense_b", "6"}, {"out", "dense_out", "3"}}) {
            direct.getLayer(layer[0]).setParam("W", weight("residual", layer[1], "kernel"));
            direct.getLayer(layer[0]).setParam("b", weight("residual", layer[1], "bias")
                    .reshape(1, Long.parseLong(layer[2])));
        }
        INDArray x = input(5, 4);
        Approx.assertClose(direct.outputSingle(x), ((ComputationGraph) imported).outputSingle(x), 1e-6,
                "softmax outputs");
        assertSameExplanations(imported, direct, x);
    }

    @Test
    void anLstmIsTheSameRecurrentNetwork() throws Exception {
        MultiLayerNetwork net = (MultiLayerNetwork) ModelFiles.loadAny(resource("lstm.h5"));
        // Keras' gate blocks are [i | f | c | o]; DL4J's [c | f | o | i].
        int n = 6;
        MultiLayerNetwork direct = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT)
                .list()
                .layer(new LastTimeStep(new LSTM.Builder().nIn(4).nOut(n).activation(Activation.TANH)
                        .gateActivationFunction(Activation.SIGMOID).build()))
                .layer(new DenseLayer.Builder().nIn(n).nOut(3).activation(Activation.SOFTMAX).build())
                .build());
        direct.init();
        direct.getLayer(0).setParam("W", reorder(weight("lstm", "lstm_1", "kernel"), n));
        direct.getLayer(0).setParam("RW", reorder(weight("lstm", "lstm_1", "recurrent_kernel"), n));
        direct.getLayer(0).setParam("b", reorder(weight("lstm", "lstm_1", "bias").reshape(1, 4 * n), n));
        direct.getLayer(1).setParam("W", weight("lstm", "dense_1", "kernel"));
        direct.getLayer(1).setParam("b", weight("lstm", "dense_1", "bias").reshape(1, 3));
        INDArray nwc = input(3, 5, 4);
        INDArray ncw = nwc.permute(0, 2, 1).dup('c');
        INDArray importedInput = isNwc(net) ? nwc : ncw;
        Approx.assertClose(direct.output(ncw), net.output(importedInput), 1e-5, "softmax outputs");
        // Straight from the file, as Explainer.forKeras reads it.
        Explanation a = Explainer.forKeras(resource("lstm.h5")).composite("epsilon-plus").build()
                .explain(importedInput);
        Explanation b = Explainer.forModel(direct).composite("epsilon-plus").build().explain(ncw);
        Approx.assertClose(b.scores(), a.scores(), 1e-5, "the pre-softmax scores");
        INDArray ra = isNwc(net) ? a.relevance().permute(0, 2, 1) : a.relevance();
        Approx.assertClose(b.relevance(), ra, 1e-5, "the relevance");
    }

    @Test
    void aChannelsLastCnnIsTheSameNetworkAsItsChannelsFirstTwin() throws Exception {
        MultiLayerNetwork net = (MultiLayerNetwork) ModelFiles.loadAny(resource("cnn.h5"));
        MultiLayerNetwork direct = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT)
                .list()
                .layer(new org.deeplearning4j.nn.conf.layers.ConvolutionLayer.Builder(3, 3).nOut(3)
                        .activation(Activation.RELU).build())
                .layer(new org.deeplearning4j.nn.conf.layers.SubsamplingLayer.Builder(
                        org.deeplearning4j.nn.conf.layers.SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2)
                        .stride(2, 2).build())
                .layer(new DenseLayer.Builder().nOut(3).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(6, 6, 2)).build());
        direct.init();
        // Keras: kernel [kh, kw, in, out], and Flatten reads (height, width, channel); DL4J: [out, in, kh, kw], and
        // its flatten reads (channel, height, width).
        direct.getLayer(0).setParam("W", weight("cnn", "conv2d_1", "kernel").permute(3, 2, 0, 1).dup('c'));
        direct.getLayer(0).setParam("b", weight("cnn", "conv2d_1", "bias").reshape(1, 3));
        direct.getLayer(2).setParam("W", weight("cnn", "dense_1", "kernel").reshape(2, 2, 3, 3).permute(2, 0, 1, 3)
                .dup('c').reshape(12, 3));
        direct.getLayer(2).setParam("b", weight("cnn", "dense_1", "bias").reshape(1, 3));
        INDArray nhwc = input(4, 6, 6, 2);
        INDArray nchw = nhwc.permute(0, 3, 1, 2).dup('c');
        Approx.assertClose(direct.output(nchw), net.output(nhwc), 1e-5, "softmax outputs");
        for (String composite : new String[] {"epsilon-plus", "epsilon-gamma-box(low=0,high=1)"}) {
            Explanation a = Explainer.forModel(net).composite(composite).build().explain(nhwc);
            Explanation b = Explainer.forModel(direct).composite(composite).build().explain(nchw);
            Approx.assertClose(b.scores(), a.scores(), 1e-5, composite + ": the pre-softmax scores");
            assertEquals(java.util.List.of(4L, 6L, 6L, 2L), java.util.Arrays.stream(a.relevance().shape()).boxed()
                    .toList(), "relevance in the input's channels-last shape");
            Approx.assertClose(b.relevance(), a.relevance().permute(0, 3, 1, 2), 1e-5, composite + ": the relevance");
        }
    }

    private static boolean isNwc(MultiLayerNetwork net) {
        return net.getLayerWiseConfigurations().toJson().contains("\"rnnDataFormat\" : \"NWC\"");
    }

    /** Keras' [i | f | c | o] column blocks as DL4J's [c | f | o | i]. */
    private static INDArray reorder(INDArray keras, int n) {
        INDArray i = keras.get(NDArrayIndex.all(), NDArrayIndex.interval(0, n));
        INDArray f = keras.get(NDArrayIndex.all(), NDArrayIndex.interval(n, 2 * n));
        INDArray c = keras.get(NDArrayIndex.all(), NDArrayIndex.interval(2 * n, 3 * n));
        INDArray o = keras.get(NDArrayIndex.all(), NDArrayIndex.interval(3 * n, 4 * n));
        return Nd4j.hstack(c, f, o, i);
    }

    /**
     * A Keras text-style 1-D CNN (Conv1D with causal padding and dilation, global average pooling over time): the
     * imported network's scores are the ones make_fixtures.py computed from the Keras definition in numpy (so the
     * kernel is read as Keras lays it out, whatever DL4J's parameter shape says), and epsilon's ledger accounts for
     * each score. (Its gradient and conservation are tested in float64 by ConvolutionVariantsTest.)
     */
    @Test
    void aOneDimensionalCnnGivesTheScoresItsKerasDefinitionGives() throws Exception {
        MultiLayerNetwork net = (MultiLayerNetwork) ModelFiles.loadAny(resource("conv1d.h5"));
        INDArray nwc = Npy.read(resource("conv1d.x.npy"));
        INDArray x = isNwc(net) ? nwc : nwc.permute(0, 2, 1).dup('c');
        Explanation e = Explainer.forKeras(resource("conv1d.h5")).rule("epsilon(epsilon=0.01)").build().explain(x);
        Approx.assertClose(Npy.read(resource("conv1d.scores.npy")), e.scores(), 1e-5, "the Keras definition's scores");
        Approx.assertClose(e.targetScores(), e.relevanceSums().add(e.absorbed()), 1e-5, "score = relevance + absorbed");
    }

    @Test
    void filesThatAreNotKerasModelsGetOneLine() throws Exception {
        Path text = Files.writeString(tmp.resolve("model.h5"), "not hdf5");
        ExplainException notHdf5 = assertThrows(ExplainException.class, () -> ModelFiles.loadAny(text));
        assertTrue(notHdf5.getMessage().contains("is not a DL4J model zip"), notHdf5.getMessage());
        assertEquals(text + " is not a Keras .h5 file (it does not start as HDF5 files do)",
                assertThrows(ExplainException.class, () -> KerasFiles.load(text)).getMessage());
        Path weightsOnly = tmp.resolve("weights.h5");
        Files.copy(resource("mlp.h5"), weightsOnly);
        try (org.bytedeco.hdf5.H5File f = new org.bytedeco.hdf5.H5File(weightsOnly.toString(),
                org.bytedeco.hdf5.global.hdf5.H5F_ACC_RDWR)) {
            f.removeAttr("model_config");
        }
        ExplainException noModel = assertThrows(ExplainException.class, () -> ModelFiles.loadAny(weightsOnly));
        assertTrue(noModel.getMessage().contains("is an HDF5 file without a Keras model (no model_config attribute)"),
                noModel.getMessage());
    }
}

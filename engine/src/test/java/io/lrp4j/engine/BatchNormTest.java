package io.lrp4j.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * BatchNormalization where no layer can absorb it (after a ReLU, or first): a stage of its own that passes the
 * gradient by default, as the peer does, and takes any linear rule by the batchnorm selector.
 */
class BatchNormTest {
    /** Convolution with ReLU, then BatchNormalization (Keras' usual order), a dense layer, the scores. */
    static MultiLayerNetwork net(DataType type, long seed) {
        MultiLayerNetwork net = new MultiLayerNetwork(TestNets.base(seed, type)
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(3).build())
                .layer(new BatchNormalization.Builder().useLogStd(false).build())
                .layer(new DenseLayer.Builder().nOut(5).build())
                .layer(TestNets.output(3, true))
                .setInputType(InputType.convolutional(6, 6, 2)).build());
        net.init();
        Nd4j.getRandom().setSeed(seed);
        net.params().assign(Nd4j.randn(type, net.params().shape()).muli(0.5));
        INDArray var = net.getLayer(1).getParam("var");
        var.assign(Nd4j.rand(type, var.shape()).addi(0.5));
        return net;
    }

    @Test
    void itExplainsWhatDl4jComputesAndPassesTheGradientByDefault() {
        MultiLayerNetwork net = net(DataType.FLOAT, 91);
        INDArray x = Nd4j.rand(DataType.FLOAT, 3, 2, 6, 6);
        Explanation e = Explainer.forModel(net).rule("epsilon").build().explain(x, Target.argmax(), true);
        Approx.assertClose(net.output(x), Transforms.softmax(e.scores(), true), 1e-5, "DL4J's own output");
        StageReport bn = e.stages().stream().filter(s -> s.layer().type().equals("BatchNormalization")).findFirst()
                .orElseThrow();
        assertEquals("gradient", bn.rule(), "the peer's default");
        int i = e.stages().indexOf(bn);
        INDArray scale = net.getLayer(1).getParam("gamma").div(Transforms.sqrt(net.getLayer(1).getParam("var")
                .add(1e-5), true)).reshape(1, 3, 1, 1);
        Approx.assertClose(e.stages().get(i + 1).relevance().mul(scale), bn.relevance(), 1e-6,
                "relevance times gamma / sqrt(var + eps)");
        Explanation eps = Explainer.forModel(net).rule("epsilon").rule("batchnorm", "epsilon").build().explain(x);
        assertTrue(eps.stages().stream().anyMatch(s -> s.rule().startsWith("epsilon") && s.layer().type()
                .equals("BatchNormalization")), "batchnorm=epsilon takes");
        Approx.assertClose(eps.targetScores(), eps.relevanceSums().add(eps.absorbed()), 1e-5, "the ledger closes");
    }

    @Test
    void theGradientIsTheScoresDerivative() {
        MultiLayerNetwork net = net(DataType.DOUBLE, 92);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 2, 6, 6);
        INDArray grad = Explainer.forModel(net).method(Method.GRADIENT).build().explain(x, Target.index(1))
                .relevance();
        long[] at = {1, 0, 2, 3};
        Explainer scores = Explainer.forModel(net).rule("epsilon").build();
        double numeric = Approx.derivative(in -> scores.explain(in).scores().getDouble(1, 1), x, at);
        assertEquals(numeric, grad.getDouble(at), 1e-6 * Math.max(1, Math.abs(numeric)));
    }
}

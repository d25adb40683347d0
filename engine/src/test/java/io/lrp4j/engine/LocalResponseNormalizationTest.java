package io.lrp4j.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.LocalResponseNormalization;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * {@code LocalResponseNormalization}: DL4J's scores in either layout, its true gradient under gradient methods, and
 * under LRP the relevance at its output passed to its input unchanged, with a warning naming the layer.
 */
class LocalResponseNormalizationTest {
    private static MultiLayerNetwork net(CNN2DFormat format) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1)
                .dataType(DataType.DOUBLE).activation(Activation.RELU).list()
                .layer(new ConvolutionLayer.Builder(2, 2).nOut(6).dataFormat(format).build())
                // A large alpha, so that the normalization changes the scores well beyond rounding.
                .layer(new LocalResponseNormalization.Builder(1.5, 5, 0.3, 0.75).dataFormat(format).build())
                .layer(new ConvolutionLayer.Builder(2, 2).nOut(3).dataFormat(format).build())
                .layer(new OutputLayer.Builder(LossFunction.MSE).nOut(3).activation(Activation.IDENTITY).build())
                .setInputType(InputType.convolutional(5, 5, 2, format)).build());
        net.init();
        Nd4j.getRandom().setSeed(3);
        net.params().assign(Nd4j.rand(DataType.DOUBLE, net.params().shape()).subi(0.3));
        TestNets.zeroBiases(net.getLayers());
        return net;
    }

    @Test
    void scoresAndGradientAreDl4jsAndRelevancePassesUnchanged() {
        for (CNN2DFormat format : CNN2DFormat.values()) {
            MultiLayerNetwork net = net(format);
            Nd4j.getRandom().setSeed(4);
            INDArray x = format == CNN2DFormat.NCHW ? Nd4j.rand(DataType.DOUBLE, 2, 2, 5, 5)
                    : Nd4j.rand(DataType.DOUBLE, 2, 5, 5, 2);
            Explainer lrp = Explainer.forModel(net).rule("z+(bias=false)").build();
            Explanation e = lrp.explain(x, Target.argmax(), true);
            Approx.assertClose(net.output(x), e.scores(), 1e-10, format + ": DL4J's scores");
            Approx.assertClose(e.targetScores(), e.relevanceSums(), 1e-5, format + ": z+ conserves through it");
            int lrn = 0;
            while (e.stages().get(lrn).kind() != io.lrp4j.engine.network.StageKind.NORMALIZATION) {
                lrn++;
            }
            // The next stage's input is the normalization's output (channels-last: the layout stage's, moved back).
            INDArray above = e.stages().get(lrn + 1).relevance();
            assertEquals(above, e.stages().get(lrn).relevance(), format + ": the relevance passes unchanged");
            assertEquals(0, e.stages().get(lrn).absorbed().sumNumber().doubleValue(), format + ": nothing absorbed");
            assertEquals(List.of("layer 1 'layer1' (LocalResponseNormalization): relevance passes through it unchanged under LRP, as the reference implementations do;"
                    + " gradient methods get its gradient"), lrp.warnings(), format + ": the warning");
            INDArray grad = Explainer.forModel(net).method(Method.GRADIENT).build().explain(x, Target.index(2))
                    .relevance();
            for (long[] at : new long[][] {{0, 1, 2, 3}, {1, 0, 4, 1}, {1, 1, 0, 0}}) {
                long[] idx = format == CNN2DFormat.NCHW ? at : new long[] {at[0], at[2], at[3], at[1]};
                double numeric = Approx.derivative(in -> net.output(in).getDouble(idx[0], 2), x, idx);
                assertEquals(numeric, grad.getDouble(idx), 1e-6 * Math.max(1, Math.abs(numeric)),
                        format + ": the gradient");
            }
        }
    }
}

package io.lrp4j.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer;
import org.deeplearning4j.nn.conf.layers.convolutional.Cropping2D;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * {@code Upsampling2D}, {@code Cropping2D} and {@code ZeroPaddingLayer}, in either image layout: DL4J's scores, the
 * score's derivative as the gradient, and bias-free z+ conservation through them.
 */
class ResamplingTest {
    private static MultiLayerNetwork net(Layer resampling, CNN2DFormat format) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1)
                .dataType(DataType.DOUBLE).list()
                .layer(new ConvolutionLayer.Builder(2, 2).nOut(3).activation(Activation.RELU).dataFormat(format)
                        .build())
                .layer(resampling)
                .layer(new OutputLayer.Builder(LossFunction.MSE).nOut(3).activation(Activation.IDENTITY).build())
                .setInputType(InputType.convolutional(6, 6, 2, format)).build());
        net.init();
        Nd4j.getRandom().setSeed(3);
        net.params().assign(Nd4j.rand(DataType.DOUBLE, net.params().shape()).subi(0.3));
        // Bias-free, so that bias-free z+ conserves.
        TestNets.zeroBiases(net.getLayers());
        return net;
    }

    @Test
    void resamplingLayersMoveRelevanceBackWhereTheValuesCameFrom() {
        for (CNN2DFormat format : CNN2DFormat.values()) {
            for (Layer layer : new Layer[] {
                new Upsampling2D.Builder(2).dataFormat(format).build(),
                new Cropping2D.Builder(1, 0, 0, 2).dataFormat(format).build(),
                new ZeroPaddingLayer.Builder(1, 0, 2, 1).dataFormat(format).build()}) {
                MultiLayerNetwork net = net(layer, format);
                Nd4j.getRandom().setSeed(4);
                INDArray x = format == CNN2DFormat.NCHW ? Nd4j.rand(DataType.DOUBLE, 2, 2, 6, 6)
                        : Nd4j.rand(DataType.DOUBLE, 2, 6, 6, 2);
                String what = layer.getClass().getSimpleName() + " " + format;
                Explanation e = Explainer.forModel(net).rule("z+(bias=false)").build().explain(x);
                Approx.assertClose(net.output(x), e.scores(), 1e-10, what + ": DL4J's scores");
                Approx.assertClose(e.targetScores(), e.relevanceSums(), 1e-5, what + ": conserves");
                INDArray grad = Explainer.forModel(net).method(Method.GRADIENT).build().explain(x, Target.index(0))
                        .relevance();
                for (long[] at : new long[][] {{1, 1, 2, 3}, {0, 4, 1, 1}}) {
                    long[] idx = format == CNN2DFormat.NCHW ? new long[] {at[0], at[1] % 2, at[2], at[3]}
                            : new long[] {at[0], at[2], at[3], at[1] % 2};
                    double numeric = Approx.derivative(in -> net.output(in).getDouble(idx[0], 0), x, idx);
                    assertEquals(numeric, grad.getDouble(idx), 1e-6 * Math.max(1, Math.abs(numeric)),
                            what + ": the gradient");
                }
            }
        }
    }
}

package io.lrp4j.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.deeplearning4j.nn.conf.layers.Subsampling1DLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * The convolutions of zoo, Keras and text models beyond {@code ConvolutionLayer}: {@code Convolution1DLayer} (every
 * mode, both sequence layouts), {@code Subsampling1DLayer}, {@code DepthwiseConvolution2D},
 * {@code SeparableConvolution2D}, {@code Deconvolution2D} and {@code SpaceToDepthLayer} (both image layouts). Each
 * network gives DL4J's scores, the score's derivative as its gradient, and, bias-free, conserves relevance under z+;
 * the same network with biases gives the epsilon rule's ledger (score = relevance + absorbed).
 */
class ConvolutionVariantsTest {
    private record Model(String name, MultiLayerNetwork net, long[] inputShape) {
    }

    private static MultiLayerNetwork net(InputType input, boolean bias, Layer... layers) {
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder().seed(1)
                .dataType(DataType.DOUBLE).activation(Activation.RELU).list();
        for (Layer layer : layers) {
            list.layer(layer);
        }
        MultiLayerNetwork net = new MultiLayerNetwork(list.layer(new OutputLayer.Builder(LossFunction.MSE).nOut(3)
                .activation(Activation.IDENTITY).build()).setInputType(input).build());
        net.init();
        Nd4j.getRandom().setSeed(7);
        net.params().assign(Nd4j.rand(DataType.DOUBLE, net.params().shape()).subi(0.3));
        if (!bias) {
            TestNets.zeroBiases(net.getLayers());
        }
        return net;
    }

    /** A sequence model's tail: DL4J's global pooling misreads NWC sequences, so NWC ends in a recurrent layer. */
    private static Layer sequenceEnd(RNNFormat format) {
        return format == RNNFormat.NCW ? new GlobalPoolingLayer.Builder(PoolingType.AVG).build()
                : new LastTimeStep(new SimpleRnn.Builder().nOut(3).dataFormat(format).build());
    }

    private static List<Model> models(boolean bias) {
        List<Model> models = new ArrayList<>();
        for (RNNFormat f : RNNFormat.values()) {
            long[] seq = f == RNNFormat.NCW ? new long[] {2, 2, 11} : new long[] {2, 11, 2};
            InputType in = InputType.recurrent(2, 11, f);
            models.add(new Model("conv1d truncate pad 1 stride 2 + max pool " + f, net(in, bias,
                    new Convolution1DLayer.Builder(3, 2, 1).nOut(4).rnnDataFormat(f).build(),
                    new Subsampling1DLayer.Builder(SubsamplingLayer.PoolingType.MAX, 2, 1).build(), sequenceEnd(f)), seq));
            models.add(new Model("conv1d same dilation 2 + avg pool " + f, net(in, bias,
                    new Convolution1DLayer.Builder(3).nOut(4).dilation(2).convolutionMode(ConvolutionMode.Same)
                            .rnnDataFormat(f).build(),
                    new Subsampling1DLayer.Builder(SubsamplingLayer.PoolingType.AVG, 3, 2).build(), sequenceEnd(f)), seq));
            models.add(new Model("conv1d causal dilation 2 stride 2 " + f, net(in, bias,
                    new Convolution1DLayer.Builder(3, 2).nOut(4).dilation(2).convolutionMode(ConvolutionMode.Causal)
                            .rnnDataFormat(f).build(), sequenceEnd(f)), seq));
        }
        for (CNN2DFormat f : CNN2DFormat.values()) {
            long[] img = f == CNN2DFormat.NCHW ? new long[] {2, 2, 7, 6} : new long[] {2, 7, 6, 2};
            InputType in = InputType.convolutional(7, 6, 2, f);
            models.add(new Model("depthwise x2 stride 2 same " + f, net(in, bias,
                    new DepthwiseConvolution2D.Builder(3, 3).stride(2, 2).depthMultiplier(2)
                            .convolutionMode(ConvolutionMode.Same).dataFormat(f).build(),
                    new ConvolutionLayer.Builder(2, 2).nOut(3).dataFormat(f).build()), img));
            models.add(new Model("separable x2 pad 1 " + f, net(in, bias,
                    new SeparableConvolution2D.Builder(3, 3).padding(1, 1).depthMultiplier(2).nOut(5).dataFormat(f)
                            .build()), img));
            models.add(new Model("space to depth 2 " + f, net(in, bias,
                    new ConvolutionLayer.Builder(2, 1).nOut(3).dataFormat(f).build(),
                    new org.deeplearning4j.nn.conf.layers.SpaceToDepthLayer.Builder(2, f).build()), img));
            models.add(new Model("deconv stride 2 pad 1 " + f, net(in, bias,
                    new Deconvolution2D.Builder(3, 3).stride(2, 2).padding(1, 1).nOut(3).dataFormat(f).build()), img));
            models.add(new Model("deconv same stride 2 dilation 2 " + f, net(in, bias,
                    new Deconvolution2D.Builder(2, 2).stride(2, 2).dilation(2, 2).convolutionMode(ConvolutionMode.Same)
                            .nOut(3).dataFormat(f).build()), img));
        }
        return models;
    }

    @Test
    void scoresAndGradientsAreDl4jsAndBiasFreeZPlusConserves() {
        for (Model m : models(false)) {
            Nd4j.getRandom().setSeed(4);
            INDArray x = Nd4j.rand(DataType.DOUBLE, m.inputShape());
            INDArray before = x.dup();
            Explanation e = Explainer.forModel(m.net()).rule("z+(bias=false)").build().explain(x);
            Approx.assertClose(m.net().output(x), e.scores(), 1e-10, m.name() + ": DL4J's scores");
            Approx.assertClose(e.targetScores(), e.relevanceSums(), 1e-5, m.name() + ": z+ conserves");
            assertTrue(e.relevance().minNumber().doubleValue() >= 0, m.name() + ": z+ is non-negative");
            INDArray grad = Explainer.forModel(m.net()).method(Method.GRADIENT).build().explain(x, Target.index(1))
                    .relevance();
            for (long[] at : new long[][] {{0, 1, 3}, {1, 0, 5}, {1, 1, 1}}) {
                long[] idx = x.rank() == 3 ? at : new long[] {at[0], at[1], at[2], at[2] % 4};
                if (x.rank() == 4 && m.name().endsWith("NHWC")) {
                    idx = new long[] {at[0], at[2], at[2] % 4, at[1]};
                } else if (x.rank() == 3 && m.name().endsWith("NWC")) {
                    idx = new long[] {at[0], at[2], at[1]};
                }
                long[] point = idx;
                double numeric = Approx.derivative(in -> m.net().output(in).getDouble(point[0], 1), x, point);
                assertEquals(numeric, grad.getDouble(point), 1e-6 * Math.max(1, Math.abs(numeric)),
                        m.name() + ": the gradient at " + java.util.Arrays.toString(point));
            }
            assertEquals(before, x, m.name() + ": the input is untouched");
        }
    }

    @Test
    void withBiasesTheLedgerAccountsForTheScore() {
        for (Model m : models(true)) {
            Nd4j.getRandom().setSeed(5);
            INDArray x = Nd4j.rand(DataType.DOUBLE, m.inputShape());
            Explanation e = Explainer.forModel(m.net()).rule("epsilon(epsilon=0.01)").build().explain(x);
            Approx.assertClose(m.net().output(x), e.scores(), 1e-10, m.name() + ": DL4J's scores");
            INDArray accounted = e.relevanceSums().add(e.absorbed());
            Approx.assertClose(e.targetScores(), accounted, 1e-8, m.name() + ": score = relevance + absorbed");
        }
    }
}

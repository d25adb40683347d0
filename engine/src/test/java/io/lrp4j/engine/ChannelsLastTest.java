package io.lrp4j.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * A Keras-style channels-last CNN (convolution, BatchNormalization, ReLU, convolution, BatchNormalization after the
 * ReLU, max pooling, global pooling) is explained exactly as its channels-first twin with the same parameters: the
 * BatchNormalization after the convolution folds into it in either layout, the channels-last layers compute
 * channels-first with a move only where a layer without a layout (the ActivationLayer) sits between them, and
 * relevance and gradient come back in the input's layout.
 */
class ChannelsLastTest {
    private static MultiLayerNetwork net(CNN2DFormat format) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1)
                .dataType(DataType.DOUBLE).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.IDENTITY).dataFormat(format)
                        .build())
                .layer(new BatchNormalization.Builder().dataFormat(format).build())
                .layer(new ActivationLayer.Builder().activation(Activation.RELU).build())
                .layer(new ConvolutionLayer.Builder(2, 2).nOut(5).activation(Activation.RELU).dataFormat(format)
                        .build())
                .layer(new BatchNormalization.Builder().dataFormat(format).build())
                .layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(1, 1).dataFormat(format)
                        .build())
                .layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).build())
                .layer(new OutputLayer.Builder(LossFunction.MSE).nOut(3).activation(Activation.IDENTITY).build())
                .setInputType(InputType.convolutional(7, 7, 2, format)).build());
        net.init();
        Nd4j.getRandom().setSeed(9);
        // Positive, so that every variance is; weights of both signs would not change what is tested.
        net.params().assign(Nd4j.rand(DataType.DOUBLE, net.params().shape()).muli(0.8).addi(0.1));
        return net;
    }

    @Test
    void aChannelsLastNetworkIsExplainedAsItsChannelsFirstTwin() {
        MultiLayerNetwork first = net(CNN2DFormat.NCHW);
        MultiLayerNetwork last = net(CNN2DFormat.NHWC);
        assertEquals(first.params(), last.params(), "the twins share their parameters");
        Nd4j.getRandom().setSeed(2);
        INDArray nchw = Nd4j.rand(DataType.DOUBLE, 3, 2, 7, 7);
        INDArray nhwc = nchw.permute(0, 2, 3, 1).dup();
        Approx.assertClose(last.output(nhwc), first.output(nchw), 1e-10, "DL4J computes the twins alike");
        for (String composite : List.of("epsilon-plus", "epsilon-gamma-box(low=0,high=1)")) {
            Explanation a = Explainer.forModel(first).composite(composite).build().explain(nchw);
            Explainer channelsLast = Explainer.forModel(last).composite(composite).build();
            Explanation b = channelsLast.explain(nhwc);
            Approx.assertClose(last.output(nhwc), b.scores(), 1e-10, composite + ": DL4J's scores");
            Approx.assertClose(a.relevance().permute(0, 2, 3, 1), b.relevance(), 1e-10, composite + ": relevance");
            List<String> types = b.stages().stream().map(s -> s.layer().type()).toList();
            // The layout moves are the first layer's (in), the folded BatchNormalization's (out: the ActivationLayer
            // has no layout of its own) and the second convolution's (in); the rest cancel in pairs.
            assertEquals(List.of("ConvolutionLayer", "ConvolutionLayer+BatchNormalization", "BatchNormalization",
                    "ActivationLayer", "ConvolutionLayer", "ConvolutionLayer", "ConvolutionLayer", "BatchNormalization",
                    "SubsamplingLayer", "GlobalPoolingLayer", "OutputLayer"), types, composite
                    + ": the stages, the first BatchNormalization folded");
            assertEquals(3, b.stages().stream().filter(s -> s.kind() == io.lrp4j.engine.network.StageKind.RESHAPE)
                    .count(), composite + ": three layout moves");
        }
        INDArray g1 = Explainer.forModel(first).method(Method.GRADIENT).build().explain(nchw, Target.index(1))
                .relevance();
        INDArray g2 = Explainer.forModel(last).method(Method.GRADIENT).build().explain(nhwc, Target.index(1))
                .relevance();
        Approx.assertClose(g1.permute(0, 2, 3, 1), g2, 1e-10, "gradient");
    }
}

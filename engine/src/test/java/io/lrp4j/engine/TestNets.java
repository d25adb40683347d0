package io.lrp4j.engine;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.api.Layer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/** Small networks with random weights that cover every supported layer configuration. */
final class TestNets {
    private TestNets() {
    }

    /**
     * A network and the shape of one input row.
     *
     * @param net the network
     * @param row the shape of one input row, without the batch dimension
     */
    record TestNet(MultiLayerNetwork net, long... row) {
        /** Uniform random inputs in [0, 1). */
        INDArray input(int rows, long seed) {
            long[] shape = new long[row.length + 1];
            shape[0] = rows;
            System.arraycopy(row, 0, shape, 1, row.length);
            Nd4j.getRandom().setSeed(seed);
            return Nd4j.rand(net.params().dataType(), shape);
        }

        /** Every network, for tests that hold for all of them. */
        static java.util.List<TestNet> all(long seed) {
            return java.util.List.of(mlp(true, seed), cnn(true, seed), cnnSame(seed), cnnBatchNorm(seed),
                    flatToCnn(seed));
        }
    }

    static NeuralNetConfiguration.ListBuilder base(long seed) {
        return base(seed, DataType.FLOAT);
    }

    static NeuralNetConfiguration.ListBuilder base(long seed, DataType type) {
        return new NeuralNetConfiguration.Builder().seed(seed).dataType(type).activation(Activation.RELU).list();
    }

    static OutputLayer output(int classes, boolean bias) {
        return new OutputLayer.Builder(LossFunction.MCXENT).nOut(classes).activation(Activation.SOFTMAX)
                .hasBias(bias).build();
    }

    /** Dense ReLU network, 6 features, 3 classes. */
    static TestNet mlp(boolean bias, long seed) {
        return mlp(bias, seed, DataType.FLOAT);
    }

    static TestNet mlp(boolean bias, long seed, DataType type) {
        return new TestNet(randomized(base(seed, type)
                .layer(new DenseLayer.Builder().nOut(24).hasBias(bias).build())
                .layer(new DenseLayer.Builder().nOut(16).hasBias(bias).build())
                .layer(output(3, bias))
                .setInputType(InputType.feedForward(6)).build(), seed), 6);
    }

    /** Dense ReLU network whose two hidden layers have the input's 8 units, 3 classes. */
    static TestNet squareMlp(long seed) {
        return new TestNet(randomized(base(seed)
                .layer(new DenseLayer.Builder().nOut(8).build())
                .layer(new DenseLayer.Builder().nOut(8).build())
                .layer(output(3, true))
                .setInputType(InputType.feedForward(8)).build(), seed), 8);
    }

    /** Convolutions in Truncate mode with max and average pooling: input [2, 10, 10]. */
    static TestNet cnn(boolean bias, long seed) {
        return cnn(bias, seed, DataType.FLOAT);
    }

    static TestNet cnn(boolean bias, long seed, DataType type) {
        return new TestNet(randomized(base(seed, type)
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).padding(1, 1).hasBias(bias).build())
                .layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new ConvolutionLayer.Builder(2, 2).nOut(5).stride(1, 1).hasBias(bias).build())
                .layer(new SubsamplingLayer.Builder(PoolingType.AVG).kernelSize(2, 2).stride(2, 2).build())
                .layer(new DenseLayer.Builder().nOut(6).hasBias(bias).build())
                .layer(output(3, bias))
                .setInputType(InputType.convolutional(10, 10, 2)).build(), seed), 2, 10, 10);
    }

    /**
     * Same mode with stride, padded average pooling excluding padding, dilation, global max pooling: input
     * [2, 9, 9].
     */
    static TestNet cnnSame(long seed) {
        return new TestNet(randomized(base(seed)
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).stride(2, 2)
                        .convolutionMode(ConvolutionMode.Same).build())
                .layer(new SubsamplingLayer.Builder(PoolingType.AVG).kernelSize(3, 3).stride(1, 1)
                        .convolutionMode(ConvolutionMode.Same).avgPoolIncludePadInDivisor(false).build())
                .layer(new SubsamplingLayer.Builder(PoolingType.AVG).kernelSize(2, 2).stride(1, 1).padding(1, 1)
                        .avgPoolIncludePadInDivisor(true).build())
                .layer(new ConvolutionLayer.Builder(2, 2).nOut(3).dilation(2, 2).build())
                .layer(new GlobalPoolingLayer.Builder(PoolingType.MAX).build())
                .layer(new DenseLayer.Builder().nOut(5).activation(Activation.TANH).build())
                .layer(output(4, true))
                .setInputType(InputType.convolutional(9, 9, 2)).build(), seed), 2, 9, 9);
    }

    /**
     * BatchNormalization after convolutions (useLogStd, locked gamma and beta) and after a dense layer, overlapping
     * max pooling, global average pooling, a dropout layer and leaky ReLU: input [3, 8, 8].
     */
    static TestNet cnnBatchNorm(long seed) {
        MultiLayerNetwork net = randomized(base(seed)
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).padding(1, 1).activation(Activation.IDENTITY)
                        .build())
                .layer(new BatchNormalization.Builder().useLogStd(true).build())
                .layer(new ActivationLayer.Builder().activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(3, 3).stride(1, 1).build())
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(5).activation(Activation.IDENTITY).build())
                .layer(new BatchNormalization.Builder().useLogStd(false).lockGammaBeta(true).gamma(1.5).beta(0.2)
                        .build())
                .layer(new ActivationLayer.Builder().activation(Activation.LEAKYRELU).build())
                .layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).build())
                .layer(new DropoutLayer.Builder(0.5).build())
                .layer(new DenseLayer.Builder().nOut(6).activation(Activation.IDENTITY).build())
                .layer(new BatchNormalization.Builder().build())
                .layer(new ActivationLayer.Builder().activation(Activation.RELU).build())
                .layer(output(3, true))
                .setInputType(InputType.convolutional(8, 8, 3)).build(), seed);
        for (Layer layer : net.getLayers()) {
            INDArray var = layer.paramTable().get("var");
            if (var != null) {
                var.assign(Nd4j.rand(DataType.FLOAT, var.shape()).addi(0.5));
            }
        }
        return new TestNet(net, 3, 8, 8);
    }

    /**
     * The demo's architecture with random weights (conv 3x3x16, max pool, conv 3x3x32, max pool, dense 64, 10
     * classes): input [1, 28, 28]. At batch 64 its activations are large enough that convolutions run in bands.
     */
    static TestNet fashionCnn(long seed) {
        return new TestNet(randomized(base(seed)
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(16).build())
                .layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(32).build())
                .layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new DenseLayer.Builder().nOut(64).build())
                .layer(output(10, true))
                .setInputType(InputType.convolutionalFlat(28, 28, 1)).build(), seed), 1, 28, 28);
    }

    /** A flat input reshaped to images by a FeedForwardToCnn preprocessor: input [16]. */
    static TestNet flatToCnn(long seed) {
        return new TestNet(randomized(base(seed)
                .layer(new ConvolutionLayer.Builder(2, 2).nOut(3).build())
                .layer(new DenseLayer.Builder().nOut(5).build())
                .layer(output(3, true))
                .setInputType(InputType.convolutionalFlat(4, 4, 1)).build(), seed), 16);
    }

    private static MultiLayerNetwork randomized(org.deeplearning4j.nn.conf.MultiLayerConfiguration conf,
            long seed) {
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        Nd4j.getRandom().setSeed(seed);
        // Random biases too (DL4J starts them at zero), so that every bias convention is exercised.
        net.params().assign(Nd4j.randn(net.params().dataType(), net.params().shape()).muli(0.4));
        return net;
    }

    /** Sets every bias of these layers to zero, so that bias-free rules conserve relevance. */
    static void zeroBiases(Layer... layers) {
        for (Layer layer : layers) {
            layer.paramTable().forEach((key, value) -> {
                if (key.endsWith("b")) {
                    value.assign(0);
                }
            });
        }
    }
}

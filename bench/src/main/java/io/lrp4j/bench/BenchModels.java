package io.lrp4j.bench;

import io.lrp4j.cli.demo.ShippedDemo;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.zoo.model.ResNet50;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/** The benchmarked networks and inputs. */
final class BenchModels {
    private BenchModels() {
    }

    /** A network (a {@code MultiLayerNetwork} or a {@code ComputationGraph}) and the shape of one input. */
    record Model(org.deeplearning4j.nn.api.Model net, long... row) {
        /** DL4J's own inference: {@code output(x, false)}, or a graph's {@code outputSingle(false, x)}. */
        INDArray output(INDArray x) {
            return net instanceof ComputationGraph graph ? graph.outputSingle(false, x)
                    : ((MultiLayerNetwork) net).output(x, false);
        }

        INDArray input(int batch) {
            long[] shape = new long[row.length + 1];
            shape[0] = batch;
            System.arraycopy(row, 0, shape, 1, row.length);
            Nd4j.getRandom().setSeed(7);
            return Nd4j.rand(DataType.FLOAT, shape);
        }
    }

    static Model byName(String name) {
        return switch (name) {
            case "fashion-cnn" -> new Model(ShippedDemo.model(), 1, 28, 28);
            case "vgg16" -> new Model(vgg16(), 3, 224, 224);
            case "mlp" -> new Model(mlp(), 1024);
            // The sequence demo's models: Fashion-MNIST read row by row, 28 steps of 28 pixels.
            case "lstm" -> new Model(ShippedDemo.model(io.lrp4j.cli.demo.DemoKind.LSTM_ROWS), 28, 28);
            case "relu-rnn" -> new Model(ShippedDemo.model(io.lrp4j.cli.demo.DemoKind.RELU_RNN_ROWS), 28, 28);
            case "resnet50" -> new Model(resNet50(), 3, 224, 224);
            default -> throw new IllegalArgumentException("unknown model " + name);
        };
    }

    /**
     * VGG-16 as deeplearning4j-zoo lays it out (13 3x3 Same convolutions in five blocks with 2x2 max pooling,
     * then 4096, 4096 and 1000 units), as a MultiLayerNetwork with random weights. The zoo's own builder returns a
     * ComputationGraph, which the engine does not take yet.
     */
    static MultiLayerNetwork vgg16() {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.FLOAT)
                .weightInit(WeightInit.RELU).activation(Activation.RELU).convolutionMode(ConvolutionMode.Same).list();
        int[][] blocks = {{64, 64}, {128, 128}, {256, 256, 256}, {512, 512, 512}, {512, 512, 512}};
        for (int[] block : blocks) {
            for (int channels : block) {
                b.layer(new ConvolutionLayer.Builder(3, 3).nOut(channels).build());
            }
            b.layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build());
        }
        b.layer(new DenseLayer.Builder().nOut(4096).build());
        b.layer(new DenseLayer.Builder().nOut(4096).build());
        b.layer(new OutputLayer.Builder(LossFunction.MCXENT).nOut(1000).activation(Activation.SOFTMAX).build());
        MultiLayerNetwork net = new MultiLayerNetwork(b.setInputType(InputType.convolutional(224, 224, 3)).build());
        net.init();
        return net;
    }

    /**
     * deeplearning4j-zoo's ResNet-50 (a ComputationGraph: zero padding, 53 convolutions with their
     * BatchNormalizations, 16 residual Adds, 1000 classes) with random weights, since pretrained ones cannot be
     * downloaded here. With random weights its activations overflow float32 by the last block (DL4J's own output is
     * infinite); BatchNormalization scales of 0.2 keep them finite without changing what is computed.
     */
    static ComputationGraph resNet50() {
        ComputationGraph g = ResNet50.builder().numClasses(1000).build().init();
        for (org.deeplearning4j.nn.api.Layer layer : g.getLayers()) {
            INDArray gamma = layer.paramTable().get("gamma");
            if (gamma != null) {
                gamma.assign(0.2);
            }
        }
        return g;
    }

    /** Four dense layers of 1024 units, 10 classes. */
    static MultiLayerNetwork mlp() {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.FLOAT)
                .weightInit(WeightInit.RELU).activation(Activation.RELU).list();
        for (int i = 0; i < 4; i++) {
            b.layer(new DenseLayer.Builder().nOut(1024).build());
        }
        b.layer(new OutputLayer.Builder(LossFunction.MCXENT).nOut(10).activation(Activation.SOFTMAX).build());
        MultiLayerNetwork net = new MultiLayerNetwork(b.setInputType(InputType.feedForward(1024)).build());
        net.init();
        return net;
    }
}

package io.lrp4j.cli.demo;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/** The demo's small CNN for 1x28x28 Fashion-MNIST images. */
public final class DemoModel {
    /** Where the shipped model and test subset live, inside the jar. */
    public static final String RESOURCES = "/io/lrp4j/cli/demo/";
    /** The shipped model's file name. */
    public static final String MODEL = "fashion-cnn.zip";
    /** The shipped test images' file name. */
    public static final String IMAGES = "test-subset-images-idx3-ubyte.gz";
    /** The shipped test labels' file name. */
    public static final String LABELS = "test-subset-labels-idx1-ubyte.gz";

    private DemoModel() {
    }

    /** conv 3x3x16, max pool, conv 3x3x32, max pool, dense 64, 10 classes; ReLU throughout. */
    public static MultiLayerConfiguration configuration(long seed) {
        return new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.RELU)
                .activation(Activation.RELU)
                .updater(new Adam(1e-3))
                .list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(16).padding(1, 1).build())
                .layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(32).padding(1, 1).build())
                .layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new DenseLayer.Builder().nOut(64).build())
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nOut(10).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(28, 28, 1))
                .build();
    }
}

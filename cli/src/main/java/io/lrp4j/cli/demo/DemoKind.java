package io.lrp4j.cli.demo;

import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * The demo's models: the image CNN, and the thesis's two recurrent classifiers of Fashion-MNIST read row by row
 * (28 time steps of 28 pixels, the image's rows top to bottom), an LSTM and a ReLU SimpleRnn, to compare which gives
 * the more focused explanations.
 */
public enum DemoKind {
    /** The CNN of {@code ./lrp demo}. */
    CNN("cnn", DemoModel.MODEL),
    /** LastTimeStep(LSTM 28 -> 64), 10 classes. */
    LSTM_ROWS("lstm", "fashion-lstm.zip"),
    /** LastTimeStep(SimpleRnn 28 -> 64, ReLU, identity-initialised recurrence), 10 classes. */
    RELU_RNN_ROWS("relu-rnn", "fashion-relu-rnn.zip");

    private final String label;
    private final String file;

    DemoKind(String label, String file) {
        this.label = label;
        this.file = file;
    }

    /** The name {@code ./lrp train} takes. */
    public String label() {
        return label;
    }

    /** The shipped model's file name. */
    public String file() {
        return file;
    }

    /** Whether the model reads images row by row. */
    public boolean sequential() {
        return this != CNN;
    }

    /** Images {@code [N, 1, 28, 28]} as this model reads them: as they are, or {@code [N, 28 pixels, 28 rows]}. */
    public INDArray input(INDArray images) {
        if (!sequential()) {
            return images;
        }
        long n = images.size(0);
        return images.reshape(n, 28, 28).permute(0, 2, 1).dup('c');
    }

    /** The network, untrained. */
    public MultiLayerConfiguration configuration(long seed) {
        if (this == CNN) {
            return DemoModel.configuration(seed);
        }
        NeuralNetConfiguration.ListBuilder list = recurrentTraining(seed);
        if (this == LSTM_ROWS) {
            list.layer(new LastTimeStep(new LSTM.Builder().nOut(64).activation(Activation.TANH)
                    .gateActivationFunction(Activation.SIGMOID).build()));
        } else {
            list.layer(new LastTimeStep(new SimpleRnn.Builder().nOut(64).activation(Activation.RELU)
                    .weightInitRecurrent(WeightInit.IDENTITY).build()));
        }
        return list.layer(new OutputLayer.Builder(LossFunction.MCXENT).nOut(10).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.recurrent(28, 28))
                .build();
    }

    /**
     * How the demo's recurrent models train: Xavier initialisation, Adam 2e-3, gradients clipped at 1 (the ReLU RNN
     * diverged without), float32, seeded.
     */
    static NeuralNetConfiguration.ListBuilder recurrentTraining(long seed) {
        return new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.XAVIER)
                .updater(new Adam(2e-3))
                .gradientNormalization(GradientNormalization.ClipElementWiseAbsoluteValue)
                .gradientNormalizationThreshold(1.0)
                .list();
    }

    /** The kind {@code ./lrp train} names. */
    public static DemoKind parse(String label) {
        for (DemoKind k : values()) {
            if (k.label.equals(label)) {
                return k;
            }
        }
        throw new io.lrp4j.engine.ExplainException("unknown model '" + label + "'; ./lrp train takes cnn, lstm,"
                + " relu-rnn or text");
    }
}

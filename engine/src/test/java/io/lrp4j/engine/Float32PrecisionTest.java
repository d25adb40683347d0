package io.lrp4j.engine;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Rules computed in float32 agree with the same rules in float64 to float32's precision, also where a denominator
 * is tiny next to the terms it could be derived from: taken as a difference of larger float32 values, it loses its
 * digits, and the relevance divided by it is then wrong by whole percents.
 */
class Float32PrecisionTest {
    /**
     * One hidden unit on non-negative input whose negative contribution (-1e-6) is tiny next to its positive ones
     * (1.5), then an output layer.
     */
    private static MultiLayerNetwork net() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT)
                .list()
                .layer(new DenseLayer.Builder().nOut(1).activation(Activation.IDENTITY).build())
                .layer(TestNets.output(2, true))
                .setInputType(InputType.feedForward(3)).build());
        net.init();
        net.getLayer(0).setParam("W", Nd4j.createFromArray(new float[][] {{1.0f}, {0.5f}, {-1e-6f}}));
        net.getLayer(0).setParam("b", Nd4j.zeros(DataType.FLOAT, 1, 1));
        net.getLayer(1).setParam("W", Nd4j.createFromArray(new float[][] {{1.0f, -1.0f}}));
        net.getLayer(1).setParam("b", Nd4j.zeros(DataType.FLOAT, 1, 2));
        return net;
    }

    @Test
    void alphaBetasNegativeShareIsExactWhereItIsTinyNextToThePositiveOne() {
        MultiLayerNetwork f32 = net();
        MultiLayerNetwork f64 = f32.convertDataType(DataType.DOUBLE);
        INDArray x = Nd4j.ones(DataType.FLOAT, 1, 3);
        for (String rule : new String[] {"alpha-beta(alpha=2,beta=1)", "alpha-beta(alpha=2,beta=1,bias=false)"}) {
            INDArray single = Explainer.forModel(f32).rule(rule).build().explain(x, Target.index(0)).relevance();
            INDArray dbl = Explainer.forModel(f64).rule(rule).build()
                    .explain(x.castTo(DataType.DOUBLE), Target.index(0)).relevance();
            Approx.assertClose(dbl, single.castTo(DataType.DOUBLE), 1e-5, rule + ": float32 against float64");
        }
    }
}

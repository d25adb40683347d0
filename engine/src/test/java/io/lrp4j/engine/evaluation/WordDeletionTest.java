package io.lrp4j.engine.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.lrp4j.engine.Explainer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/** Word deletion on a model whose score counts the words: every ordering's curve is known by hand. */
class WordDeletionTest {
    /** Id 0 (padding) embeds to 0, ids 1 and 2 to 1; four times the mean over time is the score: the number of words. */
    private static MultiLayerNetwork wordCounter() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE)
                .list()
                .layer(new EmbeddingSequenceLayer.Builder().nIn(3).nOut(1).inputLength(4).hasBias(false).build())
                .layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).build())
                .layer(new OutputLayer.Builder(LossFunction.MSE).nIn(1).nOut(1).activation(Activation.IDENTITY)
                        .hasBias(false).build())
                .build());
        net.init();
        net.getLayer(0).setParam("W", Nd4j.createFromArray(new double[][] {{0}, {1}, {1}}));
        net.getLayer(2).setParam("W", Nd4j.createFromArray(new double[][] {{4}}));
        return net;
    }

    @Test
    void eachStepDeletesOneMoreWordAndNeverThePadding() {
        MultiLayerNetwork net = wordCounter();
        // Two, four and one words, padded in front.
        INDArray ids = Nd4j.createFromArray(new double[][] {{0, 0, 1, 2}, {1, 2, 1, 2}, {0, 0, 0, 1}});
        Explainer explainer = Explainer.forModel(net).rule("epsilon").build();
        // Three steps over four tokens: spread evenly they would delete 0, 1, 3 and 4 tokens; words go one a step.
        RegionPerturbation deletion = RegionPerturbation.wordDeletion(explainer, 3, 64, 0);
        INDArray targets = Nd4j.zeros(DataType.INT64, 3);
        // Scores that put the padding first in both orders, if padding could be chosen: it must not be.
        INDArray padFirst = Nd4j.createFromArray(new double[][] {{9, -9, 1, 2}, {1, 2, 3, 4}, {9, 9, -9, 5}});
        // By hand: mean over the documents of max(words - k, 0): (2 + 4 + 1) / 3, (1 + 3 + 0) / 3, (0 + 2) / 3, 1 / 3.
        double[] expected = {7.0 / 3, 4.0 / 3, 2.0 / 3, 1.0 / 3};
        for (Order order : Order.values()) {
            PerturbationCurve c = deletion.curve("x", order, ids, deletion.deleted(ids), targets, padFirst);
            assertArrayEquals(expected, c.meanScore(), 1e-12, order.name());
            PerturbationCurve random = deletion.randomCurve(order, ids, deletion.deleted(ids), targets, 4, 3, 1);
            assertArrayEquals(expected, random.meanScore(), 1e-12, "random " + order.name());
        }
    }
}

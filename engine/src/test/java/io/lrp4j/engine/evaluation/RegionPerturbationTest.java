package io.lrp4j.engine.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lrp4j.engine.ExplainException;
import io.lrp4j.engine.Explainer;
import io.lrp4j.engine.Explanation;
import io.lrp4j.engine.Target;
import java.util.Arrays;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/** Region perturbation against curves worked out by hand on a linear model, and its refusals. */
class RegionPerturbationTest {
    /** y = x W, no bias: each feature's contribution to a class is x_i w_ic, and LRP-0 gives exactly that. */
    private static MultiLayerNetwork linear() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE)
                .list().layer(new OutputLayer.Builder(LossFunction.MSE).nIn(6).nOut(2).activation(Activation.IDENTITY)
                        .hasBias(false).build()).build());
        net.init();
        Nd4j.getRandom().setSeed(7);
        net.params().assign(Nd4j.randn(DataType.DOUBLE, net.params().shape()));
        return net;
    }

    @Test
    void mostRelevantFirstRemovesTheLargestContributionsFirst() {
        MultiLayerNetwork net = linear();
        Nd4j.getRandom().setSeed(8);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 5, 6).addi(0.1);
        Explainer explainer = Explainer.forModel(net).rule("lrp-0").build();
        Explanation e = explainer.explain(x, Target.index(1));
        RegionPerturbation perturbation = new RegionPerturbation(explainer, 1, 6, 7);
        INDArray regions = perturbation.regionRelevance(e.relevance());
        for (Order order : Order.values()) {
            PerturbationCurve curve = perturbation.curve("lrp-0", order, x, Nd4j.zerosLike(x), e.targets(), regions);
            // By hand: the score after k steps is the sum of the contributions not yet removed.
            double[] expected = new double[7];
            double aopc = 0;
            for (int row = 0; row < 5; row++) {
                // The exact contributions x_i w_i1 (LRP-0's relevance is they, up to its stabilizer).
                double[] c = x.getRow(row).mul(net.getLayer(0).getParam("W").getColumn(1)).toDoubleVector();
                Arrays.sort(c);
                if (order == Order.MORF) {
                    for (int i = 0; i < c.length / 2; i++) {
                        double t = c[i];
                        c[i] = c[c.length - 1 - i];
                        c[c.length - 1 - i] = t;
                    }
                }
                double total = Arrays.stream(c).sum();
                double left = total;
                double drops = 0;
                for (int k = 0; k <= 6; k++) {
                    expected[k] += left / 5;
                    drops += total - left;
                    if (k < 6) {
                        left -= c[k];
                    }
                }
                aopc += drops / 7 / 5;
            }
            for (int k = 0; k <= 6; k++) {
                assertEquals(expected[k], curve.meanScore()[k], 1e-9, order + " step " + k);
            }
            assertEquals(aopc, curve.aopc(), 1e-9, order + " AOPC");
        }
        PerturbationCurve random = perturbation.randomCurve(Order.MORF, x, Nd4j.zerosLike(x), e.targets(), 6, 3, 1);
        PerturbationCurve morf = perturbation.curve("lrp-0", Order.MORF, x, Nd4j.zerosLike(x), e.targets(), regions);
        assertTrue(morf.aopc() > random.aopc(), morf.aopc() + " against random " + random.aopc());
        assertEquals(random.meanScore()[6], morf.meanScore()[6], 1e-9, "everything removed: the same end");
    }

    @Test
    void imageRegionsArePatchesOverAllChannels() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE)
                .list().layer(new ConvolutionLayer.Builder(2, 2).nOut(2).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunction.MSE).nOut(3).activation(Activation.IDENTITY).build())
                .setInputType(InputType.convolutional(4, 4, 2)).build());
        net.init();
        Explainer explainer = Explainer.forModel(net).rule("epsilon").build();
        RegionPerturbation perturbation = new RegionPerturbation(explainer, 2, 4, 64);
        INDArray relevance = Nd4j.arange(2 * 2 * 4 * 4).reshape(2, 2, 4, 4).castTo(DataType.DOUBLE);
        INDArray regions = perturbation.regionRelevance(relevance);
        assertEquals(Arrays.toString(new long[] {2, 4}), Arrays.toString(regions.shape()));
        // Row 0, top-left patch: (0 + 1 + 4 + 5) in channel 0 and (16 + 17 + 20 + 21) in channel 1.
        assertEquals(84.0, regions.getDouble(0, 0), 1e-12);
        // Zero replacement of every region: the score of an all-zero image at the last step.
        Nd4j.getRandom().setSeed(2);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 2, 4, 4);
        Explanation e = explainer.explain(x);
        PerturbationCurve curve = perturbation.curve("epsilon", Order.MORF, x, Nd4j.zerosLike(x), e.targets(),
                perturbation.regionRelevance(e.relevance()));
        INDArray blank = net.output(Nd4j.zeros(DataType.DOUBLE, 2, 2, 4, 4));
        double expected = (blank.getDouble(0, e.targets().getLong(0)) + blank.getDouble(1, e.targets().getLong(1))) / 2;
        assertEquals(expected, curve.meanScore()[4], 1e-9);
        assertEquals(e.targetScores().meanNumber().doubleValue(), curve.meanScore()[0], 1e-9);
    }

    @Test
    void regionsThatDoNotTileAndTooManyStepsAreRefused() {
        Explainer explainer = Explainer.forModel(linear()).rule("epsilon").build();
        INDArray image = Nd4j.zeros(DataType.DOUBLE, 1, 1, 6, 6);
        assertEquals("--region 7 is larger than the image's height 6",
                assertThrows(ExplainException.class, () -> new RegionPerturbation(explainer, 7, 3, 8)
                        .regionRelevance(image)).getMessage());
        assertEquals("--region 4 does not tile the image's height 6: choose a divisor",
                assertThrows(ExplainException.class, () -> new RegionPerturbation(explainer, 4, 3, 8)
                        .regionRelevance(image)).getMessage());
        assertEquals("--steps must be at least 1, got 0",
                assertThrows(ExplainException.class, () -> new RegionPerturbation(explainer, 1, 0, 8)).getMessage());
        INDArray x = Nd4j.ones(DataType.DOUBLE, 2, 6);
        assertEquals("--steps 7 is more than the 6 regions to perturb",
                assertThrows(ExplainException.class, () -> new RegionPerturbation(explainer, 1, 7, 8)
                        .curve("m", Order.MORF, x, x, Nd4j.zeros(DataType.INT64, 2), x)).getMessage());
    }
}

package io.lrp4j.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lrp4j.engine.TestNets.TestNet;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Integrated gradients and SmoothGrad, by their axioms. */
class AveragedGradientsTest {
    private static PathSettings settings(int steps, int samples, double noise, int internalBatchSize) {
        return new PathSettings(steps, 0, samples, noise, 5, internalBatchSize, 4, 2);
    }

    @Test
    void integratedGradientsAreCompleteWithinOnePercentAt64Steps() {
        TestNet cnn = TestNets.cnn(true, 11, DataType.DOUBLE);
        INDArray x = cnn.input(4, 12);
        Explanation e = Explainer.forModel(cnn.net()).method(Method.INTEGRATED_GRADIENTS)
                .path(settings(64, 1, 0, 256)).build().explain(x);
        Explainer scorer = Explainer.forModel(cnn.net()).method(Method.GRADIENT).build();
        INDArray atBaseline = scorer.scores(Nd4j.zerosLike(x));
        for (int row = 0; row < 4; row++) {
            long t = e.targets().getLong(row);
            double difference = e.scores().getDouble(row, t) - atBaseline.getDouble(row, t);
            double sum = e.relevance().get(org.nd4j.linalg.indexing.NDArrayIndex.point(row)).sumNumber().doubleValue();
            assertEquals(difference, sum, 1e-2 * Math.abs(difference), "row " + row + ": completeness");
        }
    }

    @Test
    void oneStepIsTheGradientAtTheMidpointTimesTheInput() {
        TestNet mlp = TestNets.mlp(false, 13, DataType.DOUBLE);
        MultiLayerNetwork net = mlp.net();
        INDArray x = mlp.input(3, 14);
        // The midpoint rule with one step: x times the gradient at x/2 (baseline 0): the path, the target and the
        // product, checked apart from the averaging.
        Explanation ig = Explainer.forModel(net).method(Method.INTEGRATED_GRADIENTS).path(settings(1, 1, 0, 256))
                .build().explain(x, Target.index(1));
        Explanation half = Explainer.forModel(net).method(Method.GRADIENT).build().explain(x.mul(0.5), Target.index(1));
        Approx.assertClose(half.relevance().mul(x), ig.relevance(), 1e-12, "one midpoint step");
    }

    @Test
    void smoothGradWithoutNoiseIsTheGradientAndTheBatchSizeChangesNothing() {
        TestNet cnn = TestNets.cnn(true, 15, DataType.DOUBLE);
        INDArray x = cnn.input(3, 16);
        INDArray gradient = Explainer.forModel(cnn.net()).method(Method.GRADIENT).build().explain(x).relevance();
        INDArray smooth = Explainer.forModel(cnn.net()).method(Method.SMOOTHGRAD).path(settings(1, 4, 0, 256))
                .build().explain(x).relevance();
        Approx.assertClose(gradient, smooth, 1e-12, "zero noise");
        INDArray noisy = Explainer.forModel(cnn.net()).method(Method.SMOOTHGRAD).path(settings(1, 8, 0.2, 256))
                .build().explain(x).relevance();
        INDArray oneAtATime = Explainer.forModel(cnn.net()).method(Method.SMOOTHGRAD).path(settings(1, 8, 0.2, 1))
                .build().explain(x).relevance();
        Approx.assertClose(noisy, oneAtATime, 1e-10, "copies one at a time");
        assertTrue(noisy.sub(gradient).amaxNumber().doubleValue() > 1e-6, "noise changes the gradient");
        assertEquals(x, cnn.input(3, 16), "the input is not modified");
    }

    @Test
    void badSettingsAreRefused() {
        assertEquals("integrated gradients need at least 1 step, got 0",
                assertThrows(ExplainException.class, () -> settings(0, 1, 0, 1)).getMessage());
        assertEquals("SmoothGrad's noise must be a finite fraction of at least 0, got -0.1",
                assertThrows(ExplainException.class, () -> settings(1, 1, -0.1, 1)).getMessage());
        assertEquals("--internal-batch-size must be at least 1, got 0",
                assertThrows(ExplainException.class, () -> settings(1, 1, 0, 0)).getMessage());
    }

    /** A smooth network: dense tanh layers, 5 features, 3 classes. */
    private static MultiLayerNetwork smoothMlp() {
        MultiLayerNetwork net = new MultiLayerNetwork(new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder()
                .seed(21).dataType(DataType.DOUBLE).activation(org.nd4j.linalg.activations.Activation.TANH).list()
                .layer(new org.deeplearning4j.nn.conf.layers.DenseLayer.Builder().nIn(5).nOut(12).build())
                .layer(new org.deeplearning4j.nn.conf.layers.DenseLayer.Builder().nOut(8).build())
                .layer(new org.deeplearning4j.nn.conf.layers.OutputLayer.Builder(
                        org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(org.nd4j.linalg.activations.Activation.SOFTMAX).build())
                .setInputType(org.deeplearning4j.nn.conf.inputs.InputType.feedForward(5)).build());
        net.init();
        return net;
    }

    /** Largest relative gap, over rows, between the attributions' sum and f(x) - f(start). */
    private static double completenessError(MultiLayerNetwork net, INDArray x, INDArray start, PathSettings s) {
        Explanation e = Explainer.forModel(net).method(Method.INTEGRATED_GRADIENTS).path(s).build().explain(x);
        INDArray atStart = Explainer.forModel(net).method(Method.GRADIENT).build().scores(start);
        double worst = 0;
        for (int row = 0; row < x.size(0); row++) {
            long t = e.targets().getLong(row);
            double difference = e.scores().getDouble(row, t) - atStart.getDouble(row, t);
            double sum = e.relevance().get(org.nd4j.linalg.indexing.NDArrayIndex.point(row)).sumNumber().doubleValue();
            worst = Math.max(worst, Math.abs(sum - difference) / Math.abs(difference));
        }
        return worst;
    }

    @Test
    void gaussLegendreIntegratesASmoothPathFarBetterThanTheRiemannSumWithAsFewSteps() {
        MultiLayerNetwork net = smoothMlp();
        INDArray x = Nd4j.rand(DataType.DOUBLE, 6, 5).muli(4).subi(2);
        INDArray zero = Nd4j.zeros(DataType.DOUBLE, 6, 5);
        // 12 points: Riemann 5.1e-4, Gauss-Legendre 8.4e-9 (6 points: 2.1e-3 and 4.7e-5).
        double riemann = completenessError(net, x, zero, settings(12, 1, 0, 256));
        double legendre = completenessError(net, x, zero, settings(12, 1, 0, 256)
                .withQuadrature(Quadrature.GAUSS_LEGENDRE));
        assertTrue(legendre < 1e-7, "Gauss-Legendre with 12 points: " + legendre);
        assertTrue(riemann > 1000 * legendre, "Riemann " + riemann + " against Gauss-Legendre " + legendre);
        // And on the ReLU CNN at 64 points, the bar.
        TestNet cnn = TestNets.cnn(true, 11, DataType.DOUBLE);
        INDArray images = cnn.input(4, 12);
        assertTrue(completenessError(cnn.net(), images, Nd4j.zerosLike(images), settings(64, 1, 0, 32)
                .withQuadrature(Quadrature.GAUSS_LEGENDRE)) < 1e-2, "CNN, 64 Gauss-Legendre points");
    }

    @Test
    void aBaselineInputIsOneRowForEveryRowOrTheWholeInput() {
        MultiLayerNetwork net = smoothMlp();
        INDArray x = Nd4j.rand(DataType.DOUBLE, 4, 5);
        INDArray copy = x.dup();
        Explanation fromValue = Explainer.forModel(net).method(Method.INTEGRATED_GRADIENTS)
                .path(new PathSettings(8, 0.25, 1, 0, 1, 256, 4, 2)).build().explain(x);
        for (INDArray start : List.of(Nd4j.valueArrayOf(new long[] {5}, 0.25, DataType.DOUBLE),
                Nd4j.valueArrayOf(new long[] {1, 5}, 0.25, DataType.FLOAT),
                Nd4j.valueArrayOf(new long[] {4, 5}, 0.25, DataType.DOUBLE))) {
            Explanation fromInput = Explainer.forModel(net).method(Method.INTEGRATED_GRADIENTS)
                    .path(settings(8, 1, 0, 256).withBaselineInput(start)).build().explain(x);
            Approx.assertClose(fromValue.relevance(), fromInput.relevance(), 1e-12,
                    "baseline shaped " + java.util.Arrays.toString(start.shape()));
        }
        // Rows that start from different points get different attributions.
        INDArray perRow = Nd4j.zeros(DataType.DOUBLE, 4, 5);
        perRow.getRow(0).assign(1);
        INDArray mixed = Explainer.forModel(net).method(Method.INTEGRATED_GRADIENTS)
                .path(settings(8, 1, 0, 256).withBaselineInput(perRow)).build().explain(x).relevance();
        INDArray fromZero = Explainer.forModel(net).method(Method.INTEGRATED_GRADIENTS)
                .path(settings(8, 1, 0, 256)).build().explain(x).relevance();
        assertTrue(mixed.getRow(0).sub(fromZero.getRow(0)).amaxNumber().doubleValue() > 1e-6, "row 0 starts at 1");
        Approx.assertClose(fromZero.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 4)),
                mixed.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 4)), 1e-12, "rows 1 to 3 start at 0");
        assertEquals(copy, x, "the input is not modified");
        ExplainException wrong = assertThrows(ExplainException.class, () -> Explainer.forModel(net)
                .method(Method.INTEGRATED_GRADIENTS).path(settings(8, 1, 0, 256).withBaselineInput(
                        Nd4j.zeros(DataType.DOUBLE, 2, 5))).build().explain(x));
        assertEquals("the baseline's shape [2, 5] fits neither one row of the input [5] nor the whole input [4, 5]",
                wrong.getMessage());
    }

    @Test
    void squaredSmoothGradWithoutNoiseIsTheSquaredGradient() {
        TestNet cnn = TestNets.cnn(true, 15, DataType.DOUBLE);
        INDArray x = cnn.input(3, 16);
        INDArray gradient = Explainer.forModel(cnn.net()).method(Method.GRADIENT).build().explain(x).relevance();
        INDArray squared = Explainer.forModel(cnn.net()).method(Method.SMOOTHGRAD)
                .path(settings(1, 4, 0, 256).withSquared(true)).build().explain(x).relevance();
        Approx.assertClose(gradient.mul(gradient), squared, 1e-12, "zero noise, squared");
        INDArray noisy = Explainer.forModel(cnn.net()).method(Method.SMOOTHGRAD)
                .path(settings(1, 8, 0.2, 256).withSquared(true)).build().explain(x).relevance();
        assertTrue(noisy.minNumber().doubleValue() >= 0, "squares are never negative");
    }
}

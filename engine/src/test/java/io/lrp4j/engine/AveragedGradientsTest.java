package io.lrp4j.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lrp4j.engine.TestNets.TestNet;
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
}

package io.lrp4j.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lrp4j.engine.TestNets.TestNet;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Occlusion, by what it must give on models whose answer is known. */
class OcclusionTest {
    private static PathSettings settings(double baseline, int window, int stride, int internalBatchSize) {
        return new PathSettings(64, baseline, 32, 0.1, 1, internalBatchSize, window, stride);
    }

    private static Explanation occlusion(MultiLayerNetwork net, INDArray x, PathSettings s) {
        return Explainer.forModel(net).method(Method.OCCLUSION).path(s).build().explain(x, Target.index(1));
    }

    @Test
    void onALinearModelSingleElementWindowsGiveTheGradientTimesTheDifferenceToTheBaseline() {
        MultiLayerNetwork linear = new MultiLayerNetwork(TestNets.base(3, DataType.DOUBLE)
                .layer(TestNets.output(3, true)).setInputType(InputType.feedForward(6)).build());
        linear.init();
        INDArray x = Nd4j.rand(DataType.DOUBLE, 4, 6);
        INDArray occluded = occlusion(linear, x, settings(0.3, 1, 1, 256)).relevance();
        INDArray gradient = Explainer.forModel(linear).method(Method.GRADIENT).build().explain(x, Target.index(1))
                .relevance();
        Approx.assertClose(gradient.mul(x.sub(0.3)), occluded, 1e-12, "w (x - baseline)");
        // Windows of two, stride two: each window's drop shared by its two elements.
        INDArray pairs = occlusion(linear, x, settings(0.3, 2, 2, 256)).relevance();
        INDArray contributions = gradient.mul(x.sub(0.3));
        INDArray shared = contributions.reshape('c', 4, 3, 2).sum(2).divi(2).reshape(4, 3, 1).repeat(2, 2)
                .reshape('c', 4, 6);
        Approx.assertClose(shared, pairs, 1e-12, "a window's drop spread over its elements");
    }

    @Test
    void aWindowTheModelCannotSeeGetsNothing() {
        TestNet mlp = TestNets.mlp(true, 21, DataType.DOUBLE);
        // Features 0 and 1 reach nothing: their weight rows are zero.
        mlp.net().getLayer(0).getParam("W").get(NDArrayIndex.interval(0, 2), NDArrayIndex.all()).assign(0);
        INDArray x = mlp.input(3, 22);
        INDArray r = occlusion(mlp.net(), x, settings(0, 2, 2, 256)).relevance();
        double seen = r.get(NDArrayIndex.all(), NDArrayIndex.interval(2, 6)).amaxNumber().doubleValue();
        assertTrue(seen > 0, "the windows the model sees");
        // Zero up to the rounding of scoring the occluded copies in another batch.
        assertEquals(0.0, r.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2)).amaxNumber().doubleValue(),
                1e-12 * seen, "the unseen window");
    }

    @Test
    void imagesWithClippedEdgeWindowsGiveTheSameWhateverTheInternalBatchSize() {
        TestNet cnn = TestNets.cnn(true, 23, DataType.DOUBLE);
        INDArray x = cnn.input(3, 24);
        INDArray before = x.dup();
        // 10 x 10 with windows of 3 every 4: positions 0, 4, 8 per side, the last window clipped to 2.
        INDArray all = occlusion(cnn.net(), x, settings(0, 3, 4, 1000)).relevance();
        INDArray one = occlusion(cnn.net(), x, settings(0, 3, 4, 1)).relevance();
        INDArray some = occlusion(cnn.net(), x, settings(0, 3, 4, 7)).relevance();
        assertArrayEquals(x.shape(), all.shape());
        Approx.assertClose(all, one, 1e-12, "one copy at a time");
        Approx.assertClose(all, some, 1e-12, "seven copies at a time");
        assertEquals(before, x, "the input is not modified");
        // Rows 3 and 7 of every column lie in no window (starts 0, 4, 8; side 3): nothing is given to them.
        assertEquals(0.0, all.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(3), NDArrayIndex.all())
                .amaxNumber().doubleValue(), 0.0);
    }
}

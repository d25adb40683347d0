package io.lrp4j.engine.network;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lrp4j.api.LinearView;
import io.lrp4j.api.SignedParts;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The engine's {@code transposeSum} (two products summed into one col2im buffer on convolutions, two transposes on
 * dense layers) equals the sum of two transposes, for the layer's own, derived and fresh weights in either order.
 */
class TransposeSumTest {
    @Test
    void summedTransposeIsTheSumOfTwoTransposes() {
        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.randn(DataType.DOUBLE, 2, 3, 6, 5);
        INDArray wConv = Nd4j.randn(DataType.DOUBLE, 4, 3, 3, 3);
        INDArray wDense = Nd4j.randn(DataType.DOUBLE, 7, 4);
        List<LinearView> views = List.of(StandaloneViews.convolution(x, wConv, null, new int[] {1, 1},
                new int[] {1, 1}), StandaloneViews.dense(Nd4j.randn(DataType.DOUBLE, 2, 7), wDense, null));
        for (LinearView layer : views) {
            INDArray w = layer.weight();
            INDArray wp = layer.derived("w+", () -> SignedParts.positive(w));
            INDArray fresh = Nd4j.randn(DataType.DOUBLE, w.shape());
            INDArray g1 = Nd4j.randn(DataType.DOUBLE, layer.output().shape());
            INDArray g2 = Nd4j.randn(DataType.DOUBLE, layer.output().shape());
            for (INDArray[] pair : List.of(new INDArray[] {w, wp}, new INDArray[] {wp, w}, new INDArray[] {w, wp},
                    new INDArray[] {fresh, w})) {
                INDArray expected = layer.transpose(g1, pair[0]).add(layer.transpose(g2, pair[1]));
                INDArray fused = layer.transposeSum(g1, pair[0], g2, pair[1]);
                assertEquals(0, expected.sub(fused).amaxNumber().doubleValue(), 1e-10);
            }
        }
    }
}

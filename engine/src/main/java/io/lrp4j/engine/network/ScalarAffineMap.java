package io.lrp4j.engine.network;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code y = s x + c} element-wise with constants {@code s} and {@code c}: a graph's {@code ScaleVertex} ({@code c = 0})
 * and {@code ShiftVertex} ({@code s = 1}). A linear map without weights; {@code c} is its bias ({@code [1, 1]}, or
 * null), so a shift absorbs its share of relevance as a bias does, and {@code bias=false} rules ignore it.
 */
final class ScalarAffineMap implements LinearMap {
    private final double scale;

    ScalarAffineMap(double scale) {
        this.scale = scale;
    }

    @Override
    public INDArray forward(INDArray x, INDArray w, INDArray b) {
        INDArray z = Scratch.result(false, x.dataType(), x.shape()).assign(x);
        if (scale != 1) {
            z.muli(scale);
        }
        return b == null ? z : z.addi(b.getDouble(0));
    }

    @Override
    public INDArray transpose(INDArray g, INDArray w, INDArray recordedInput) {
        INDArray result = Scratch.result(false, g.dataType(), g.shape()).assign(g);
        return scale == 1 ? result : result.muli(scale);
    }

    @Override
    public INDArray withoutBias(INDArray z, INDArray b) {
        return b == null ? z : z.sub(b.getDouble(0));
    }

    @Override
    public String misfit(INDArray x) {
        return null;
    }
}

package io.lrp4j.engine.network;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code z = x W + b} with DL4J's dense layout, W {@code [nIn, nOut]}. Both products are written straight into their
 * results by {@link MatrixProducts}.
 */
final class DenseMap implements LinearMap {
    private final long nIn;

    DenseMap(long nIn) {
        this.nIn = nIn;
    }

    @Override
    public INDArray forward(INDArray x, INDArray w, INDArray b) {
        INDArray z = MatrixProducts.into(x, w, false, Scratch.result(false, x.dataType(), x.size(0), w.size(1)));
        return b == null ? z : z.addiRowVector(b);
    }

    @Override
    public INDArray transpose(INDArray g, INDArray w, INDArray recordedInput) {
        return MatrixProducts.into(g, w, true, Scratch.result(false, g.dataType(), g.size(0), w.size(0)));
    }

    @Override
    public INDArray withoutBias(INDArray z, INDArray b) {
        return z.subRowVector(b);
    }

    @Override
    public String misfit(INDArray x) {
        return x.rank() == 2 && x.size(1) == nIn ? null : "[batch, " + nIn + "]";
    }
}

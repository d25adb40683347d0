package io.lrp4j.engine.network;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * An element-wise sum of {@code k} summands stacked as {@code [k, batch, ...]} ({@link StackJoin}): a linear map
 * without weights whose transpose hands each summand the same gradient. Its rules see each summand's contribution,
 * so {@code proportional} splits relevance in proportion to them (Zennit's {@code Norm} rule for its {@code Sum}).
 */
final class AddMap implements LinearMap {
    private final int summands;

    AddMap(int summands) {
        this.summands = summands;
    }

    @Override
    public INDArray forward(INDArray x, INDArray w, INDArray b) {
        long[] shape = java.util.Arrays.copyOfRange(x.shape(), 1, x.rank());
        INDArray z = Scratch.result(false, x.dataType(), shape);
        z.assign(x.get(NDArrayIndex.point(0)));
        for (int i = 1; i < x.size(0); i++) {
            z.addi(x.get(NDArrayIndex.point(i)));
        }
        return z;
    }

    @Override
    public INDArray transpose(INDArray g, INDArray w, INDArray recordedInput) {
        INDArray result = Scratch.result(false, g.dataType(), recordedInput.shape());
        for (int i = 0; i < recordedInput.size(0); i++) {
            result.get(NDArrayIndex.point(i)).assign(g);
        }
        return result;
    }

    @Override
    public INDArray withoutBias(INDArray z, INDArray b) {
        return z;
    }

    @Override
    public String misfit(INDArray x) {
        return x.rank() >= 2 && x.size(0) == summands ? null : summands + " summands of one shape";
    }
}

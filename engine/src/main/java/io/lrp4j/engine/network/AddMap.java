package io.lrp4j.engine.network;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * An element-wise weighted sum of {@code k} summands stacked as {@code [k, batch, ...]} ({@link StackJoin}), each
 * times a fixed coefficient: {@code Add} (all 1), {@code Average} (all {@code 1/k}), {@code Subtract} (1 and -1). A
 * linear map without weights whose transpose hands each summand the gradient times its coefficient. Its rules see
 * each summand's contribution, so {@code proportional} splits relevance in proportion to them (Zennit's {@code Norm}
 * rule for its {@code Sum}).
 */
final class AddMap implements LinearMap {
    private final double[] coefficients;

    /** A plain sum of {@code summands}. */
    AddMap(int summands) {
        this(java.util.stream.DoubleStream.generate(() -> 1.0).limit(summands).toArray());
    }

    /** A sum of as many summands as coefficients, each times its coefficient. */
    AddMap(double[] coefficients) {
        this.coefficients = coefficients.clone();
    }

    @Override
    public INDArray forward(INDArray x, INDArray w, INDArray b) {
        long[] shape = java.util.Arrays.copyOfRange(x.shape(), 1, x.rank());
        INDArray z = Scratch.result(false, x.dataType(), shape);
        z.assign(x.get(NDArrayIndex.point(0)));
        if (coefficients[0] != 1) {
            z.muli(coefficients[0]);
        }
        for (int i = 1; i < x.size(0); i++) {
            INDArray summand = x.get(NDArrayIndex.point(i));
            if (coefficients[i] == 1) {
                z.addi(summand);
            } else {
                z.addi(summand.mul(coefficients[i]));
            }
        }
        return z;
    }

    @Override
    public INDArray transpose(INDArray g, INDArray w, INDArray recordedInput) {
        INDArray result = Scratch.result(false, g.dataType(), recordedInput.shape());
        for (int i = 0; i < recordedInput.size(0); i++) {
            INDArray part = result.get(NDArrayIndex.point(i)).assign(g);
            if (coefficients[i] != 1) {
                part.muli(coefficients[i]);
            }
        }
        return result;
    }

    @Override
    public INDArray withoutBias(INDArray z, INDArray b) {
        return z;
    }

    @Override
    public String misfit(INDArray x) {
        return x.rank() >= 2 && x.size(0) == coefficients.length ? null
                : coefficients.length + " summands of one shape";
    }
}

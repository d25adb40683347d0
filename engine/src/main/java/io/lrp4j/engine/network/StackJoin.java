package io.lrp4j.engine.network;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Inputs of one shape stacked along a new first axis, {@code [k, batch, ...]}: an element-wise sum of them is then
 * one linear map whose rules see every summand ({@link AddMap}).
 */
final class StackJoin implements Join {
    @Override
    public INDArray join(INDArray[] inputs) {
        return Nd4j.stack(0, inputs);
    }

    @Override
    public INDArray[] split(INDArray relevance, INDArray[] inputs) {
        INDArray[] parts = new INDArray[inputs.length];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = relevance.get(NDArrayIndex.point(i)).dup('c');
        }
        return parts;
    }
}

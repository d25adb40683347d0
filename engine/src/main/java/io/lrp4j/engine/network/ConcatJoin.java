package io.lrp4j.engine.network;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Inputs concatenated along one axis, as DL4J's {@code MergeVertex} does; relevance splits back by slicing. */
final class ConcatJoin implements Join {
    private final int axis;

    ConcatJoin(int axis) {
        this.axis = axis;
    }

    @Override
    public INDArray join(INDArray[] inputs) {
        return Nd4j.concat(axis, inputs);
    }

    @Override
    public INDArray[] split(INDArray relevance, INDArray[] inputs) {
        INDArray[] parts = new INDArray[inputs.length];
        long from = 0;
        for (int i = 0; i < parts.length; i++) {
            long to = from + inputs[i].size(axis);
            INDArrayIndex[] index = new INDArrayIndex[relevance.rank()];
            for (int d = 0; d < index.length; d++) {
                index[d] = d == axis ? NDArrayIndex.interval(from, to) : NDArrayIndex.all();
            }
            parts[i] = relevance.get(index).dup('c');
            from = to;
        }
        return parts;
    }
}

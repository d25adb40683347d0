package io.lrp4j.testkit.broken;

import io.lrp4j.api.Arguments;
import io.lrp4j.api.LinearRule;
import io.lrp4j.api.LinearView;
import io.lrp4j.api.Rule;
import io.lrp4j.api.Stabilizer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * lrp-0 computed in float64 "for precision", whatever the layer's type: right on float64 layers, and on float32
 * layers (real models) it hands back float64 arrays the next layer does not expect.
 */
@Rule(name = "computes-in-double", summary = "lrp-0 with its arrays cast to float64")
public final class ComputesInDoubleRule implements LinearRule {
    @Override
    public INDArray relevance(LinearView layer, INDArray upper, Arguments args) {
        INDArray z = layer.output().castTo(DataType.DOUBLE);
        INDArray ratio = Stabilizer.divide(upper.castTo(DataType.DOUBLE), z, Stabilizer.DEFAULT_EPSILON);
        INDArray back = layer.transpose(ratio, layer.weight().castTo(DataType.DOUBLE));
        return back.castTo(DataType.DOUBLE).muli(layer.input().castTo(DataType.DOUBLE));
    }
}

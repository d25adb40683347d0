package io.lrp4j.engine.network;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * 2-D max or average pooling over NCHW input with ND4J's own pooling ops, and their backward ops as the
 * transpose: max pooling routes to the first winner of each window, average pooling spreads evenly. The same
 * arguments as DL4J's SubsamplingLayer make the numbers DL4J's.
 */
final class PoolingMap implements LinearMap {
    private final boolean max;
    private final ConvolutionGeometry geometry;
    private final int divisorFlag;

    /**
     * @param excludePadding for average pooling, whether padded cells are left out of the divisor
     */
    PoolingMap(boolean max, ConvolutionGeometry geometry, boolean excludePadding) {
        this.max = max;
        this.geometry = geometry;
        this.divisorFlag = excludePadding ? 1 : 0;
    }

    @Override
    public INDArray forward(INDArray x, INDArray w, INDArray b) {
        int[] out = geometry.outputSize(x);
        INDArray z = Scratch.result(false, x.dataType(), x.size(0), x.size(1), out[0], out[1]);
        Nd4j.exec(op(max ? "maxpool2d" : "avgpool2d", x).addInputs(x).addOutputs(z).build());
        return z;
    }

    @Override
    public INDArray transpose(INDArray g, INDArray w, INDArray recordedInput) {
        INDArray result = Scratch.result(true, g.dataType(), recordedInput.shape());
        Nd4j.exec(op(max ? "maxpool2d_bp" : "avgpool2d_bp", recordedInput)
                .addInputs(recordedInput, g).addOutputs(result).build());
        return result;
    }

    private DynamicCustomOp.DynamicCustomOpsBuilder op(String name, INDArray x) {
        int[] k = geometry.kernel();
        int[] s = geometry.stride();
        int[] d = geometry.dilation();
        int[] pad = geometry.effectivePadding(x, geometry.outputSize(x));
        // Last argument 0 selects NCHW.
        return DynamicCustomOp.builder(name).addIntegerArguments(k[0], k[1], s[0], s[1], pad[0], pad[1], d[0], d[1],
                geometry.same() ? 1 : 0, divisorFlag, 0);
    }

    @Override
    public INDArray withoutBias(INDArray z, INDArray b) {
        return z;
    }

    @Override
    public String misfit(INDArray x) {
        return x.rank() == 4 ? null : "[batch, channels, height, width]";
    }
}

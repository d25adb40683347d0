package io.lrp4j.engine.network;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Global max or average pooling over the spatial dimensions of NCHW input: a pooling window the size of the
 * whole input, so it shares {@link PoolingMap}'s ops, and so its max picks the same winner.
 */
final class GlobalPoolingMap implements LinearMap {
    private final boolean max;
    private final boolean collapse;

    GlobalPoolingMap(boolean max, boolean collapse) {
        this.max = max;
        this.collapse = collapse;
    }

    private PoolingMap window(INDArray x) {
        int[] kernel = {(int) x.size(2), (int) x.size(3)};
        return new PoolingMap(max,
                new ConvolutionGeometry(kernel, new int[] {1, 1}, new int[] {0, 0}, new int[] {1, 1},
                        ConvolutionMode.Truncate),
                false);
    }

    @Override
    public INDArray forward(INDArray x, INDArray w, INDArray b) {
        INDArray pooled = window(x).forward(x, null, null);
        return collapse ? pooled.reshape(pooled.size(0), pooled.size(1)) : pooled;
    }

    @Override
    public INDArray transpose(INDArray g, INDArray w, INDArray recordedInput) {
        INDArray g4 = g.reshape(g.size(0), g.size(1), 1, 1);
        return window(recordedInput).transpose(g4, null, recordedInput);
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

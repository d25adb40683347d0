package io.lrp4j.engine.network;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Global max or average pooling over the spatial dimensions of NCHW input, or over time of a sequence
 * {@code [batch, channels, T]} (taken as an image of height 1): a pooling window the size of the whole input, so it
 * shares {@link PoolingMap}'s ops, and so its max picks the same winner.
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

    /** A sequence as an image of height 1; an image as it is. */
    private static INDArray image(INDArray x) {
        return x.rank() == 3 ? x.reshape(x.size(0), x.size(1), 1, x.size(2)) : x;
    }

    @Override
    public INDArray forward(INDArray x, INDArray w, INDArray b) {
        INDArray x4 = image(x);
        INDArray pooled = window(x4).forward(x4, null, null);
        return collapse ? pooled.reshape(pooled.size(0), pooled.size(1))
                : x.rank() == 3 ? pooled.reshape(pooled.size(0), pooled.size(1), 1) : pooled;
    }

    @Override
    public INDArray transpose(INDArray g, INDArray w, INDArray recordedInput) {
        INDArray g4 = g.reshape(g.size(0), g.size(1), 1, 1);
        INDArray x4 = image(recordedInput);
        INDArray result = window(x4).transpose(g4, null, x4);
        return recordedInput.rank() == 3 ? result.reshape(recordedInput.shape()) : result;
    }

    @Override
    public INDArray withoutBias(INDArray z, INDArray b) {
        return z;
    }

    @Override
    public String misfit(INDArray x) {
        return x.rank() == 4 || x.rank() == 3 ? null : "[batch, channels, height, width] or [batch, channels, time]";
    }
}

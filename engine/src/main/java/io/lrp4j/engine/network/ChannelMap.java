package io.lrp4j.engine.network;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An affine map per channel, {@code z = x w + b} with one weight and bias per channel (dimension 1 of {@code [N, C]},
 * {@code [N, C, T]} or {@code [N, C, H, W]}): a BatchNormalization at inference that no layer could absorb. Its
 * weight is the diagonal of a linear map, so every linear rule applies to it.
 */
final class ChannelMap implements LinearMap {
    private final long channels;

    ChannelMap(long channels) {
        this.channels = channels;
    }

    /** A per-channel vector shaped to broadcast over {@code x}. */
    private static INDArray perChannel(INDArray v, INDArray x) {
        long[] shape = new long[x.rank()];
        java.util.Arrays.fill(shape, 1);
        shape[1] = v.length();
        return v.reshape(shape);
    }

    @Override
    public INDArray forward(INDArray x, INDArray w, INDArray b) {
        INDArray z = Scratch.result(false, x.dataType(), x.shape());
        x.mul(perChannel(w, x), z);
        return b == null ? z : z.addi(perChannel(b, x));
    }

    @Override
    public INDArray transpose(INDArray g, INDArray w, INDArray recordedInput) {
        INDArray result = Scratch.result(false, g.dataType(), g.shape());
        g.mul(perChannel(w, g), result);
        return result;
    }

    @Override
    public INDArray withoutBias(INDArray z, INDArray b) {
        return z.sub(perChannel(b, z));
    }

    @Override
    public String misfit(INDArray x) {
        return x.rank() >= 2 && x.size(1) == channels ? null : "[batch, " + channels + ", ...]";
    }
}

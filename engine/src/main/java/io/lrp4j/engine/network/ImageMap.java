package io.lrp4j.engine.network;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A linear map over NCHW images with one bias per output channel (the convolutions: plain, depthwise, transposed),
 * which share how the bias comes off and what input fits.
 */
interface ImageMap extends LinearMap {
    /** The channels an input image has. */
    long inputChannels();

    @Override
    default INDArray withoutBias(INDArray z, INDArray b) {
        return z.sub(b.reshape(1, b.length(), 1, 1));
    }

    @Override
    default String misfit(INDArray x) {
        return x.rank() == 4 && x.size(1) == inputChannels() ? null
                : "[batch, " + inputChannels() + ", height, width]";
    }
}

package io.lrp4j.engine.network;

import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Which memory an array reads and writes, whatever view or reshape it is. */
public final class Buffers {
    private Buffers() {
    }

    /**
     * The address of the buffer an array's memory belongs to: equal for an array, its views and its reshapes, and
     * different for arrays that share no memory.
     */
    public static long base(INDArray a) {
        DataBuffer d = a.data();
        // A view may have a buffer object of its own, which wraps its parent's.
        while (d.originalDataBuffer() != null && d.originalDataBuffer() != d) {
            d = d.originalDataBuffer();
        }
        DataBuffer wrapped = d.underlyingDataBuffer();
        return (wrapped == null ? d : wrapped).address();
    }
}

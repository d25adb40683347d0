package io.lrp4j.engine.network;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Matrix products written straight into a row-major result. {@code a.mmul(b, result)} computes into a column-major
 * array of its own and copies that into a row-major {@code result}, and {@code a.mmul(b)} does the same into a new
 * array, so either holds a second result-sized array until the garbage collector frees it: on VGG-16 that was 14 MB
 * per band of a transposed convolution. {@link Nd4j#gemm} writes into the result it is given.
 */
final class MatrixProducts {
    private MatrixProducts() {
    }

    /** {@code result = a b}, or {@code a b^T} when {@code transposeB}; returns {@code result}. */
    static INDArray into(INDArray a, INDArray b, boolean transposeB, INDArray result) {
        return Nd4j.gemm(a, b, result, false, transposeB, 1.0, 0.0);
    }

    /** {@code result += a b}, or {@code a b^T} when {@code transposeB}. */
    static void addInto(INDArray a, INDArray b, boolean transposeB, INDArray result) {
        Nd4j.gemm(a, b, result, false, transposeB, 1.0, 1.0);
    }
}

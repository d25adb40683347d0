package io.lrp4j.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Comparison of arrays relative to the larger of their magnitudes, as the reference README defines parity. */
final class Approx {
    private Approx() {
    }

    static void assertClose(INDArray expected, INDArray actual, double relative, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        INDArray e = expected.castTo(DataType.DOUBLE);
        INDArray a = actual.castTo(DataType.DOUBLE);
        double scale = Math.max(Transforms.abs(e).maxNumber().doubleValue(), 1e-12);
        double error = Transforms.abs(a.sub(e)).maxNumber().doubleValue();
        assertTrue(error <= relative * scale,
                String.format("%s: max error %.3e > %.0e * %.3e", what, error, relative, scale));
    }
}

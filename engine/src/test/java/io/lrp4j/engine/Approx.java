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

    /**
     * Exact equality, value for value. {@code assertEquals} on two {@link INDArray}s is not: ND4J's {@code equals}
     * accepts differences up to 1e-5.
     */
    static void assertSameBits(INDArray expected, INDArray actual, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        double[] e = expected.dup('c').castTo(DataType.DOUBLE).data().asDouble();
        double[] a = actual.dup('c').castTo(DataType.DOUBLE).data().asDouble();
        for (int i = 0; i < e.length; i++) {
            if (Double.doubleToLongBits(e[i]) != Double.doubleToLongBits(a[i])) {
                throw new AssertionError(String.format("%s: element %d is %s, expected %s (%d of %d elements differ)",
                        what, i, a[i], e[i], differing(e, a), e.length));
            }
        }
    }

    private static long differing(double[] e, double[] a) {
        long n = 0;
        for (int i = 0; i < e.length; i++) {
            n += Double.doubleToLongBits(e[i]) != Double.doubleToLongBits(a[i]) ? 1 : 0;
        }
        return n;
    }

    /** The central difference of {@code f} at {@code x} along the element {@code at}, step 1e-6 (use float64). */
    static double derivative(java.util.function.ToDoubleFunction<INDArray> f, INDArray x, long... at) {
        double h = 1e-6;
        INDArray plus = x.dup();
        plus.putScalar(at, x.getDouble(at) + h);
        INDArray minus = x.dup();
        minus.putScalar(at, x.getDouble(at) - h);
        return (f.applyAsDouble(plus) - f.applyAsDouble(minus)) / (2 * h);
    }
}

package io.lrp4j.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;
import org.nd4j.linalg.ops.transforms.Transforms;

/** The assertions the contracts share. */
final class Close {
    private Close() {
    }

    static void sameShape(INDArray expected, INDArray actual, String what) {
        assertNotNull(actual, what + ": the rule returned nothing");
        assertArrayEquals(expected.shape(), actual.shape(), what + ": the rule returned shape "
                + Arrays.toString(actual.shape()) + " for an input of shape " + Arrays.toString(expected.shape()));
    }

    static void finite(INDArray a, String what) {
        assertFalse(BooleanIndexing.or(a, Conditions.isNan()) || BooleanIndexing.or(a, Conditions.isInfinite()),
                what + ": the relevance holds NaN or infinite values: " + a.toStringFull().replace("\n", " "));
    }

    /** {@code max|a - e| <= relative * max(max|e|, max|a|, 1e-12)}. */
    static void close(INDArray expected, INDArray actual, double relative, String what) {
        sameShape(expected, actual, what);
        double scale = Math.max(Math.max(Transforms.abs(expected).maxNumber().doubleValue(),
                Transforms.abs(actual).maxNumber().doubleValue()), 1e-12);
        double error = Transforms.abs(actual.sub(expected)).maxNumber().doubleValue();
        assertTrue(error <= relative * scale, String.format("%s: differs by %.3e, more than %.0e of %.3e", what,
                error, relative, scale));
    }

    /** Machine epsilon of float32, the unit every float32 tolerance is counted in. */
    static final double FLOAT_EPSILON = Math.ulp(1.0f);

    /**
     * A relative tolerance for arrays of a data type: the given float64 one, or for float32 a thousand units of
     * float32 rounding ({@code 1.2e-4}) where that is larger.
     */
    static double tolerance(org.nd4j.linalg.api.buffer.DataType type, double forDouble) {
        return type == org.nd4j.linalg.api.buffer.DataType.DOUBLE ? forDouble : Math.max(forDouble,
                1000 * FLOAT_EPSILON);
    }

    /** The unit of rounding of a data type: 2^-52 for float64, 2^-23 for float32. */
    static double unit(org.nd4j.linalg.api.buffer.DataType type) {
        return type == org.nd4j.linalg.api.buffer.DataType.DOUBLE ? Math.ulp(1.0) : FLOAT_EPSILON;
    }

    static INDArray rowSums(INDArray a) {
        return a.reshape('c', a.size(0), a.length() / a.size(0)).sum(1);
    }
}

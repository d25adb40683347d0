package io.lrp4j.api;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The peer's stabilized division: {@code s(z) = z + eps * sign(z)} with {@code sign(0) = +1}, so no denominator
 * is ever zero and none changes sign.
 */
public final class Stabilizer {
    /** The stabilizer every rule without an {@code epsilon} parameter uses. */
    public static final double DEFAULT_EPSILON = 1e-6;

    private Stabilizer() {
    }

    /** {@code sign(z)} with {@code sign(0) = +1}, as a new array of z's type. */
    public static INDArray sign(INDArray z) {
        return z.gte(0).castTo(z.dataType()).muli(2).subi(1);
    }

    /** {@code z + eps * sign(z)}, with {@code sign(0) = +1}, as a new array. */
    public static INDArray stabilize(INDArray z, double eps) {
        return sign(z).muli(eps).addi(z);
    }

    /**
     * {@code upper / s(z)} for a {@code z} that is never negative, such as {@code x+ w+ + b+}: there
     * {@code s(z) = z + eps} exactly, so no sign is needed. The quotient is written into {@code z}, which must be the
     * caller's own array (the result of {@link LinearView#forward}, say), and returned: no array is made, where
     * {@link #divide} makes two of z's size, and a rule's arrays are all freed only when its step ends.
     */
    public static INDArray divideNonNegativeInPlace(INDArray upper, INDArray z, double eps) {
        return z.addi(eps).rdivi(upper);
    }

    /** {@code upper / s(z)}, element-wise, as a new array. */
    public static INDArray divide(INDArray upper, INDArray z, double eps) {
        // Divides into the stabilized array rather than allocating another.
        return stabilize(z, eps).rdivi(upper);
    }
}

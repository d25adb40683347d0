package io.lrp4j.api;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.api.ops.impl.transforms.comparison.CompareAndSet;
import org.nd4j.linalg.api.ops.impl.transforms.same.Negative;
import org.nd4j.linalg.api.ops.impl.transforms.same.Reciprocal;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.conditions.Condition;
import org.nd4j.linalg.indexing.conditions.Conditions;
import org.nd4j.linalg.ops.transforms.Transforms;

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
        // eps sign(z) = eps - 2 eps [z < 0], with [z < 0] as libnd4j's step of -z, which is 0 at +0 and -0 alike:
        // sign(0) = +1 needs no fix-up. -2 eps + eps is exactly -eps, so adding z last rounds as z + eps sign(z) does,
        // bit for bit. Five plain passes, 2.3 times faster on 262,144 floats than ND4J's sign (0 at 0) followed by a
        // compare-and-set of the zeros, which alone took as long as the rest.
        INDArray s = Transforms.step(z.neg(), false);
        return s.muli(-2 * eps).addi(eps).addi(z);
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

    /**
     * {@code upper / s(z)} for a {@code z} of either sign, written into {@code z}, which must be the caller's own
     * array, and returned. The result is bit for bit that of {@link #divide}, whose passes it runs. Where
     * {@link #divide} makes two arrays of z's size, this makes only {@code eps sign(z)} of at most a sixteenth of it at
     * a time, and frees each before the next.
     */
    public static INDArray divideInPlace(INDArray upper, INDArray z, double eps) {
        Chunks.elementWise(pieces -> divideInPlaceAtOnce(pieces[0], pieces[1], eps), upper, z);
        return z;
    }

    /**
     * {@code 1 / s(z)}, element-wise, written into {@code out} (of z's shape, not z itself), which is returned: five
     * passes and no array made, the same bits as {@link #divide} of ones.
     */
    public static INDArray reciprocalInto(INDArray z, double eps, INDArray out) {
        // stabilize's passes with out as their array: -z, its step, eps sign(z) = eps - 2 eps [z < 0], plus z.
        Nd4j.exec(new Negative(z, out));
        Nd4j.exec(new Step(out, out, 0.0));
        out.muli(-2 * eps).addi(eps).addi(z);
        Nd4j.exec(new Reciprocal(out, out));
        return out;
    }

    private static void divideInPlaceAtOnce(INDArray upper, INDArray z, double eps) {
        // stabilize's own passes, its eps sign(z) then added into z: the same bits as divide, in six passes over a
        // piece where sign(z) (|z| + eps) took eight.
        INDArray shift = Transforms.step(z.neg(), false).muli(-2 * eps).addi(eps);
        z.addi(shift).rdivi(upper);
        // Freed now, not when the caller's step ends: a piece's shift makes room for the next one's.
        Chunks.free(shift);
    }

    /**
     * {@code upper / s(d)} where {@code z > 0} and exactly 0 elsewhere, for a {@code d} that is positive wherever
     * {@code z} is (such as {@code z + gamma (x w+ + b+)} on non-negative {@code x}), so that {@code s(d) = d + eps}
     * there. The quotient is written into {@code d}, which must be the caller's own array, and returned; {@code z}
     * is only read. Where {@code d} breaks the precondition the quotient is 0.
     *
     * <p>It makes no array, where {@link #divide} followed by a mask makes the quotient, a sign and the mask, all
     * of them kept until the rule's step ends.
     */
    public static INDArray divideWherePositiveInPlace(INDArray upper, INDArray d, INDArray z, double eps) {
        return divideInside(upper, d.addi(eps), z, Conditions.lessThanOrEqual(0));
    }

    /**
     * {@code upper / s(d)} where {@code z < 0} and exactly 0 elsewhere, for a {@code d} that is negative wherever
     * {@code z} is, so that {@code s(d) = d - eps} there; the mirror image of {@link #divideWherePositiveInPlace}.
     */
    public static INDArray divideWhereNegativeInPlace(INDArray upper, INDArray d, INDArray z, double eps) {
        return divideInside(upper, d.subi(eps), z, Conditions.greaterThanOrEqual(0));
    }

    /**
     * Divides {@code upper} by the stabilized {@code s} where {@code z} is not {@code outside}, and by +Inf where it
     * is: the quotient there is an exact 0 with no mask to multiply by, and no {@code 0 * Inf} can make a NaN.
     */
    private static INDArray divideInside(INDArray upper, INDArray s, INDArray z, Condition outside) {
        // Two passes, because the condition of an in-place select is read from the array it copies from: first z's
        // own values, which are all outside, replace s's there; s's values inside are never outside, so the second
        // pass finds exactly those.
        Nd4j.getExecutioner().exec(new CompareAndSet(s, z, s, outside));
        Nd4j.getExecutioner().exec(new CompareAndSet(s, Double.POSITIVE_INFINITY, outside));
        return s.rdivi(upper);
    }

    /** {@code upper / s(z)}, element-wise, as a new array. */
    public static INDArray divide(INDArray upper, INDArray z, double eps) {
        // Divides into the stabilized array rather than allocating another.
        return stabilize(z, eps).rdivi(upper);
    }
}

package io.lrp4j.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class StabilizerTest {
    @Test
    void addsEpsilonWithTheSignOfZAndPlusAtZero() {
        assertEquals(Nd4j.createFromArray(2.5, -2.5, 0.5),
                Stabilizer.stabilize(Nd4j.createFromArray(2.0, -2.0, 0.0), 0.5));
        assertEquals(Nd4j.createFromArray(2.0, -4.0), Stabilizer.divide(Nd4j.createFromArray(5.0, 10.0),
                Nd4j.createFromArray(2.0, -2.0), 0.5));
    }

    @Test
    void stabilizingIsAddingEpsilonTimesTheComparisonSignBitForBit() {
        org.nd4j.linalg.api.ndarray.INDArray z = smallValuesAroundZero();
        assertSameBits(Stabilizer.sign(z).muli(1e-6).addi(z).toFloatVector(),
                Stabilizer.stabilize(z, 1e-6).toFloatVector());
        org.nd4j.linalg.api.ndarray.INDArray wide = Nd4j.createFromArray(Float.POSITIVE_INFINITY,
                Float.NEGATIVE_INFINITY, Float.MAX_VALUE, -Float.MAX_VALUE, 3e7f, -3e7f, 0.3f, -0.3f, 0f, -0f);
        for (double eps : new double[] {0.25, 1e-6, 0.1}) {
            assertSameBits(Stabilizer.sign(wide).muli(eps).addi(wide).toFloatVector(),
                    Stabilizer.stabilize(wide, eps).toFloatVector());
        }
    }

    @Test
    void stabilizingKeepsNaN() {
        org.nd4j.linalg.api.ndarray.INDArray z = Nd4j.createFromArray(Float.NaN, 1f);
        org.nd4j.linalg.api.ndarray.INDArray s = Stabilizer.stabilize(z, 0.25);
        assertTrue(Float.isNaN(s.getFloat(0)));
        assertEquals(1.25f, s.getFloat(1));
    }

    /**
     * 4096 floats within 5e-6 of zero, the stabilizer's 1e-6 included, with +0, -0, -1e-7 and the smallest
     * denormals of both signs first.
     */
    private static org.nd4j.linalg.api.ndarray.INDArray smallValuesAroundZero() {
        org.nd4j.linalg.api.ndarray.INDArray z = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 4096).subi(0.5)
                .muli(1e-5);
        z.putScalar(0, 0f);
        z.putScalar(1, -0f);
        z.putScalar(2, -1e-7f);
        z.putScalar(3, Float.MIN_VALUE);
        z.putScalar(4, -Float.MIN_VALUE);
        return z;
    }

    private static void assertSameBits(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]), "element " + i);
        }
    }

    @Test
    void divisionByANonNegativeZIsTheGeneralOneWrittenIntoZ() {
        org.nd4j.linalg.api.ndarray.INDArray upper = Nd4j.createFromArray(5.0, 10.0, 3.0, -1.0);
        // -0.0 counts as zero, whose sign is +1: the stabilizer adds eps there too.
        org.nd4j.linalg.api.ndarray.INDArray z = Nd4j.createFromArray(2.0, 0.0, -0.0, 1e-9);
        org.nd4j.linalg.api.ndarray.INDArray expected = Stabilizer.divide(upper, z, 0.5);
        org.nd4j.linalg.api.ndarray.INDArray result = Stabilizer.divideNonNegativeInPlace(upper, z, 0.5);
        assertEquals(expected, result);
        assertEquals(expected, z, "the quotient is written into z");
    }

    @Test
    void theInPlaceDivisionIsTheGeneralOneBitForBitWrittenIntoZ() {
        org.nd4j.linalg.api.ndarray.INDArray z = smallValuesAroundZero();
        org.nd4j.linalg.api.ndarray.INDArray upper = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 4096)
                .subi(0.5);
        float[] expected = Stabilizer.divide(upper, z, 1e-6).toFloatVector();
        org.nd4j.linalg.api.ndarray.INDArray result = Stabilizer.divideInPlace(upper, z, 1e-6);
        org.junit.jupiter.api.Assertions.assertSame(z, result, "the quotient is written into z");
        assertSameBits(expected, result.toFloatVector());
    }

    @Test
    void aLargeInPlaceDivisionGoesByChunksToTheSameBitsAndAViewIsWrittenThrough() {
        // 3 x 100,003 elements: more than one chunk, and a last chunk shorter than the others.
        org.nd4j.linalg.api.ndarray.INDArray z = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 3, 100_003)
                .subi(0.5).muli(1e-5);
        z.putScalar(0, 0f);
        z.putScalar(150_000, -0f);
        z.putScalar(300_008, -Float.MIN_VALUE);
        org.nd4j.linalg.api.ndarray.INDArray upper = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 3, 100_003)
                .subi(0.5);
        float[] expected = Stabilizer.divide(upper, z, 1e-6).ravel().toFloatVector();
        org.nd4j.linalg.api.ndarray.INDArray result = Stabilizer.divideInPlace(upper, z, 1e-6);
        org.junit.jupiter.api.Assertions.assertSame(z, result, "the quotient is written into z");
        assertSameBits(expected, result.ravel().toFloatVector());

        // A transposed view is not one contiguous stretch: it is divided at once, and still in place.
        org.nd4j.linalg.api.ndarray.INDArray parent = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 400, 300)
                .subi(0.5);
        org.nd4j.linalg.api.ndarray.INDArray view = parent.transpose();
        org.nd4j.linalg.api.ndarray.INDArray viewUpper = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 300, 400);
        float[] viewExpected = Stabilizer.divide(viewUpper, view, 1e-6).ravel().toFloatVector();
        Stabilizer.divideInPlace(viewUpper, view, 1e-6);
        assertSameBits(viewExpected, parent.transpose().ravel().toFloatVector());
    }

    @Test
    void aDivisionOnOneSideOfZIsTheMaskedGeneralOneWrittenIntoD() {
        org.nd4j.linalg.api.ndarray.INDArray upper = Nd4j.createFromArray(5.0, 10.0, 3.0, -1.0, 7.0, 2.0);
        org.nd4j.linalg.api.ndarray.INDArray z = Nd4j.createFromArray(1.0, 1e-9, 0.0, -0.0, -2.0, -1e-300);
        // Positive where z is; outside, d + eps is 0 or changes sign, where a quotient times a mask would be NaN or
        // the wrong side's.
        org.nd4j.linalg.api.ndarray.INDArray d = Nd4j.createFromArray(2.0, 1e-9, -0.5, 3.0, -0.5, 4.0);
        org.nd4j.linalg.api.ndarray.INDArray expected = Stabilizer.divide(upper, d, 0.5)
                .muli(z.gt(0).castTo(d.dataType()));
        assertEquals(expected, Stabilizer.divideWherePositiveInPlace(upper, d, z, 0.5));
        assertEquals(expected, d, "the quotient is written into d");
        assertEquals(Nd4j.createFromArray(false, false, false, false, false, false), d.isNaN());

        org.nd4j.linalg.api.ndarray.INDArray e = Nd4j.createFromArray(2.0, -0.0, 0.5, -3.0, -1.0, -1e-300);
        org.nd4j.linalg.api.ndarray.INDArray mirrored = Stabilizer.divide(upper, e, 0.5)
                .muli(z.lt(0).castTo(e.dataType()));
        assertEquals(mirrored, Stabilizer.divideWhereNegativeInPlace(upper, e, z, 0.5));
        assertEquals(Nd4j.createFromArray(0.0, 0.0, 0.0, 0.0, 7.0 / -1.5, 2.0 / (-1e-300 - 0.5)), mirrored,
                "only z < 0 passes, and -0.0 is not below zero");
    }

    @Test
    void signedPartsSplitAnArray() {
        assertEquals(Nd4j.createFromArray(1.0, 0.0, 0.0), SignedParts.positive(Nd4j.createFromArray(1.0, -2.0, 0.0)));
        assertEquals(Nd4j.createFromArray(0.0, -2.0, 0.0), SignedParts.negative(Nd4j.createFromArray(1.0, -2.0, 0.0)));
    }
}

package io.lrp4j.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
    void signedPartsSplitAnArray() {
        assertEquals(Nd4j.createFromArray(1.0, 0.0, 0.0), SignedParts.positive(Nd4j.createFromArray(1.0, -2.0, 0.0)));
        assertEquals(Nd4j.createFromArray(0.0, -2.0, 0.0), SignedParts.negative(Nd4j.createFromArray(1.0, -2.0, 0.0)));
    }
}

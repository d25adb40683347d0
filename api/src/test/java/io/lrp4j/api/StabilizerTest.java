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
    void signedPartsSplitAnArray() {
        assertEquals(Nd4j.createFromArray(1.0, 0.0, 0.0), SignedParts.positive(Nd4j.createFromArray(1.0, -2.0, 0.0)));
        assertEquals(Nd4j.createFromArray(0.0, -2.0, 0.0), SignedParts.negative(Nd4j.createFromArray(1.0, -2.0, 0.0)));
    }
}

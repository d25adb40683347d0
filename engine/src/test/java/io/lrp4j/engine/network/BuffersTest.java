package io.lrp4j.engine.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class BuffersTest {
    @Test
    void viewsAndReshapesShareTheirArraysBaseAndCopiesDoNot() {
        INDArray a = Nd4j.rand(4, 6);
        long base = Buffers.base(a);
        assertEquals(base, Buffers.base(a.reshape(2, 12)));
        assertEquals(base, Buffers.base(a.get(NDArrayIndex.interval(2, 4), NDArrayIndex.all())));
        assertEquals(base, Buffers.base(a.get(NDArrayIndex.all(), NDArrayIndex.point(3))));
        assertEquals(base, Buffers.base(a.transpose()));
        assertNotEquals(base, Buffers.base(a.dup()));
        assertNotEquals(base, Buffers.base(Nd4j.rand(4, 6)));
    }
}

package io.lrp4j.engine.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The pool hands an array out once, only for its own type and shape, and keeps only what a call asked for. */
class ArrayPoolTest {
    private final ArrayPool pool = ArrayPool.mine();

    @BeforeEach
    @AfterEach
    void empty() {
        pool.clear();
    }

    @Test
    void aReleasedArrayServesTheNextRequestOfItsTypeAndShapeOnly() {
        INDArray a = Nd4j.createUninitialized(DataType.FLOAT, 3, 4);
        pool.release(a);
        assertNull(pool.take(DataType.FLOAT, new long[] {4, 3}), "another shape");
        assertNull(pool.take(DataType.DOUBLE, new long[] {3, 4}), "another type");
        assertSame(a, pool.take(DataType.FLOAT, new long[] {3, 4}));
        assertNull(pool.take(DataType.FLOAT, new long[] {3, 4}), "handed out once");
    }

    @Test
    void anArrayReleasedTwiceIsHandedOutOnce() {
        INDArray a = Nd4j.createUninitialized(DataType.FLOAT, 2, 5);
        pool.release(a);
        pool.release(a);
        assertSame(a, pool.take(DataType.FLOAT, new long[] {2, 5}));
        assertNull(pool.take(DataType.FLOAT, new long[] {2, 5}));
    }

    @Test
    void viewsAreNotKept() {
        INDArray whole = Nd4j.createUninitialized(DataType.FLOAT, 4, 5);
        INDArray rows = whole.get(NDArrayIndex.interval(0, 2), NDArrayIndex.all());
        pool.release(rows);
        assertNull(pool.take(DataType.FLOAT, new long[] {2, 5}));
        assertEquals(0, pool.bytes());
    }

    @Test
    void aKeyIsNotChangedByTheShapeArrayItWasMadeFrom() {
        long[] shape = {6, 7};
        assertNull(pool.take(DataType.FLOAT, shape));
        shape[0] = 1;
        INDArray a = Nd4j.createUninitialized(DataType.FLOAT, 6, 7);
        pool.release(a);
        assertSame(a, pool.take(DataType.FLOAT, new long[] {6, 7}));
    }

    @Test
    void aCallKeepsOnlyTheShapesItAskedFor() {
        INDArray asked = Nd4j.createUninitialized(DataType.FLOAT, 8, 2);
        INDArray other = Nd4j.createUninitialized(DataType.FLOAT, 9, 2);
        pool.release(asked);
        pool.release(other);
        pool.endCall(); // neither was asked for during the "call" that released them
        assertEquals(0, pool.bytes());
        assertTrue(other.wasClosed());

        INDArray a = Nd4j.createUninitialized(DataType.FLOAT, 8, 2);
        assertNull(pool.take(DataType.FLOAT, new long[] {8, 2}));
        pool.release(a);
        pool.release(Nd4j.createUninitialized(DataType.FLOAT, 9, 2));
        pool.endCall();
        assertEquals(8 * 2 * 4, pool.bytes(), "the asked-for shape stays, the other goes");
        assertSame(a, pool.take(DataType.FLOAT, new long[] {8, 2}));
    }

    @Test
    void aZeroedResultIsZerosEvenWhenItReusesAnArray() {
        INDArray used = Scratch.result(false, DataType.FLOAT, 3, 3).assign(7);
        Scratch.release(used);
        INDArray zeroed = Scratch.result(true, DataType.FLOAT, 3, 3);
        assertSame(used, zeroed);
        assertEquals(Nd4j.zeros(DataType.FLOAT, 3, 3), zeroed);
    }
}

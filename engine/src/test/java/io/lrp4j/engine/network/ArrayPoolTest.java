package io.lrp4j.engine.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The pool hands an array out once, only for its own type and shape, and never keeps more of a shape than the
 * activations of that shape a call has finished with.
 */
class ArrayPoolTest {
    private final ArrayPool pool = ArrayPool.mine();

    @BeforeEach
    @AfterEach
    void empty() {
        pool.reset();
    }

    @Test
    void aReleasedActivationServesTheNextRequestOfItsTypeAndShapeOnly() {
        INDArray a = array(3, 4);
        pool.recordActivations(List.of(a));
        pool.releaseActivation(a);
        assertNull(pool.take(DataType.FLOAT, new long[] {4, 3}), "another shape");
        assertNull(pool.take(DataType.DOUBLE, new long[] {3, 4}), "another type");
        assertSame(a, pool.take(DataType.FLOAT, new long[] {3, 4}));
        assertNull(pool.take(DataType.FLOAT, new long[] {3, 4}), "handed out once");
    }

    @Test
    void aBackwardPassKeepsNoMoreOfAShapeThanTheLastOneAskedFor() {
        long[] shape = {3, 4};
        // Every call records three activations of the shape: one layout, whose demand the pool learns.
        INDArray first = array(3, 4);
        pool.recordActivations(List.of(first, array(3, 4), array(3, 4)));
        pool.releaseActivation(first);
        assertFalse(first.wasClosed(), "nothing learned yet: kept, the call may still ask for one");
        pool.keepOnly(DataType.FLOAT, List.of());
        pool.endCall();

        INDArray second = array(3, 4);
        pool.recordActivations(List.of(second, array(3, 4), array(3, 4)));
        pool.releaseActivation(second);
        assertTrue(second.wasClosed(), "the last call never asked for one: closed at once");
        assertNull(pool.take(DataType.FLOAT, shape));
        pool.keepOnly(DataType.FLOAT, List.of());
        pool.endCall();

        INDArray third = array(3, 4);
        INDArray fourth = array(3, 4);
        pool.recordActivations(List.of(third, fourth, array(3, 4)));
        pool.releaseActivation(third);
        pool.releaseActivation(fourth);
        assertFalse(third.wasClosed(), "the last call asked for one: one is kept");
        assertTrue(fourth.wasClosed(), "and no more");
        assertSame(third, pool.take(DataType.FLOAT, shape));
        pool.endCall();

        INDArray carried = array(3, 4);
        INDArray alsoCarried = array(3, 4);
        pool.recordActivations(List.of(carried, alsoCarried, array(3, 4)));
        pool.releaseActivation(carried);
        pool.releaseActivation(alsoCarried);
        assertFalse(alsoCarried.wasClosed(),
                "a shape kept between calls is never capped, though the last call asked for one: the forward pass"
                        + " needs them all");
    }

    @Test
    void whatOneLayoutAskedForDoesNotCapAnother() {
        INDArray a = array(3, 4);
        pool.recordActivations(List.of(a));
        pool.releaseActivation(a);
        pool.keepOnly(DataType.FLOAT, List.of());
        pool.endCall();

        INDArray b = array(3, 4);
        pool.recordActivations(List.of(b, array(5, 4)));
        pool.releaseActivation(b);
        assertFalse(b.wasClosed(), "another model's calls asked for none, but this one's may");
    }

    @Test
    void aBackwardPassKeepsNoArrayOfAShapeOnlyTheStagesAboveAskedFor() {
        long[] shape = {3, 4};
        // Stage 5 asks for one array of the shape, stage 2 for another.
        pool.recordActivations(List.of(array(3, 4)));
        pool.backwardStage(5);
        assertNull(pool.take(DataType.FLOAT, shape));
        pool.backwardStage(2);
        assertNull(pool.take(DataType.FLOAT, shape));
        pool.keepOnly(DataType.FLOAT, List.of());
        pool.endCall();

        INDArray activation = array(3, 4);
        INDArray relevance = array(3, 4);
        pool.recordActivations(List.of(activation));
        pool.backwardStage(4);
        pool.releaseActivation(activation);
        pool.release(relevance);
        assertFalse(activation.wasClosed(), "stage 2, below, asks for one");
        assertTrue(relevance.wasClosed(), "but for no more");
        pool.keepOnly(DataType.FLOAT, List.of(shape));
        assertFalse(activation.wasClosed(), "still wanted below stage 4");
        pool.backwardStage(2);
        assertSame(activation, pool.take(DataType.FLOAT, shape));
        INDArray late = array(3, 4);
        pool.release(late);
        assertTrue(late.wasClosed(), "stage 2 has had its array, and no stage below asks");
        // As the explainer ends a pass: no shape but the input's is below the first stage.
        pool.backwardStage(0);
        pool.keepOnly(DataType.FLOAT, List.of());
        pool.endCall();

        INDArray idle = array(3, 4);
        pool.recordActivations(List.of(idle));
        pool.backwardStage(3);
        pool.releaseActivation(idle);
        assertFalse(idle.wasClosed(), "stage 2, below, asks for one");
        pool.backwardStage(1);
        pool.keepOnly(DataType.FLOAT, List.of(shape));
        assertTrue(idle.wasClosed(), "after stage 1 nothing below asks for one, though the shape is still below");
    }

    @Test
    void anArrayReleasedTwiceIsHandedOutOnce() {
        INDArray a = array(2, 5);
        pool.recordActivations(List.of(a, array(2, 5)));
        pool.releaseActivation(a);
        pool.releaseActivation(a);
        pool.release(a);
        assertSame(a, pool.take(DataType.FLOAT, new long[] {2, 5}));
        assertNull(pool.take(DataType.FLOAT, new long[] {2, 5}));
    }

    @Test
    void keptArraysAndHeldActivationsNeverOutnumberTheRecordedActivations() {
        INDArray a1 = array(4, 4);
        INDArray a2 = array(4, 4);
        pool.recordActivations(List.of(a1, a2));
        INDArray relevance = array(4, 4);
        pool.release(relevance);
        assertTrue(relevance.wasClosed(), "both activations are still held: nothing more may be kept");
        pool.releaseActivation(a1);
        assertFalse(a1.wasClosed());
        INDArray more = array(4, 4);
        pool.release(more);
        assertTrue(more.wasClosed(), "one kept and one held make the two recorded");
        pool.releaseActivation(a2);
        assertEquals(2 * 4 * 4 * 4, pool.bytes());
        INDArray other = array(5, 4);
        pool.release(other);
        assertTrue(other.wasClosed(), "a shape no activation has is never kept");
    }

    @Test
    void viewsAreNotKept() {
        INDArray whole = array(4, 5);
        pool.recordActivations(List.of(array(2, 5)));
        pool.release(whole.get(NDArrayIndex.interval(0, 2), NDArrayIndex.all()));
        assertNull(pool.take(DataType.FLOAT, new long[] {2, 5}));
        assertEquals(0, pool.bytes());
    }

    @Test
    void aCallKeepsOnlyTheShapesItRecorded() {
        INDArray a = array(8, 2);
        pool.recordActivations(List.of(a));
        pool.releaseActivation(a);
        pool.endCall();
        assertEquals(8 * 2 * 4, pool.bytes(), "kept for the next call");

        INDArray b = array(9, 2);
        pool.recordActivations(List.of(b));
        pool.releaseActivation(b);
        pool.endCall();
        assertTrue(a.wasClosed(), "the next call recorded no activation of a's shape");
        assertEquals(9 * 2 * 4, pool.bytes());
        assertSame(b, pool.take(DataType.FLOAT, new long[] {9, 2}));
    }

    @Test
    void onlyTheShapesStillNeededStayKept() {
        INDArray large = array(4, 4);
        INDArray small = array(2, 2);
        pool.recordActivations(List.of(large, small));
        pool.releaseActivation(large);
        pool.releaseActivation(small);
        pool.keepOnly(DataType.FLOAT, List.of(new long[] {2, 2}));
        assertTrue(large.wasClosed());
        assertSame(small, pool.take(DataType.FLOAT, new long[] {2, 2}));
        INDArray later = array(4, 4);
        pool.release(later);
        assertTrue(later.wasClosed(), "a shape dropped stays dropped for the rest of the call");
    }

    @Test
    void aZeroedResultIsZerosEvenWhenItReusesAnArray() {
        INDArray used = Scratch.result(false, DataType.FLOAT, 3, 3).assign(7);
        Scratch.recordActivations(List.of(used));
        Scratch.releaseActivation(used);
        INDArray zeroed = Scratch.result(true, DataType.FLOAT, 3, 3);
        assertSame(used, zeroed);
        assertEquals(Nd4j.zeros(DataType.FLOAT, 3, 3), zeroed);
    }

    private static INDArray array(long... shape) {
        return Nd4j.createUninitialized(DataType.FLOAT, shape);
    }
}

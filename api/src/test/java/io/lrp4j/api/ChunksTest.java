package io.lrp4j.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Pieces cover every element once, aligned across the arrays, and writes reach the arrays. */
class ChunksTest {
    @Test
    void largeArraysGoInAlignedPiecesThatCoverEveryElementOnce() {
        // 3 x 100,003: several pieces, the last one shorter.
        INDArray a = Nd4j.rand(DataType.FLOAT, 3, 100_003);
        INDArray b = Nd4j.rand(DataType.FLOAT, 3, 100_003);
        INDArray expected = a.add(b.mul(2));
        List<Long> sizes = new ArrayList<>();
        Chunks.elementWise(p -> {
            sizes.add(p[0].length());
            assertEquals(p[0].length(), p[1].length(), "pieces of one size");
            INDArray twice = p[1].mul(2);
            p[0].addi(twice);
            Chunks.free(twice);
        }, a, b);
        assertTrue(sizes.size() > 1 && sizes.size() <= Chunks.CHUNKS, "pieces: " + sizes);
        assertTrue(sizes.stream().allMatch(n -> n >= Chunks.MIN_CHUNK || n == sizes.get(sizes.size() - 1)),
                "only the last piece is short: " + sizes);
        assertEquals(a.length(), sizes.stream().mapToLong(Long::longValue).sum());
        assertEquals(expected, a, "written through to the array");
    }

    @Test
    void smallOrScatteredArraysGoInOnePiece() {
        INDArray small = Nd4j.rand(DataType.FLOAT, 10, 10);
        int[] calls = {0};
        Chunks.elementWise(p -> {
            calls[0]++;
            assertEquals(100, p[0].length());
        }, small);
        assertEquals(1, calls[0]);

        INDArray parent = Nd4j.rand(DataType.FLOAT, 400, 300);
        INDArray view = parent.transpose();
        INDArray expected = view.mul(3);
        Chunks.elementWise(p -> {
            calls[0]++;
            p[0].muli(3);
        }, view);
        assertEquals(2, calls[0], "a transposed view is not one stretch of memory");
        assertEquals(expected, parent.transpose());
    }

    @Test
    void arraysOfDifferentLengthsAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> Chunks.elementWise(p -> { }, Nd4j.zeros(4), Nd4j.zeros(5)));
    }
}

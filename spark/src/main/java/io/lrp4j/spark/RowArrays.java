package io.lrp4j.spark;

import java.util.Arrays;
import java.util.List;

/** Rows' arrays between Spark and ND4J: one row's width, a block's shape, and float arrays in and out of rows. */
final class RowArrays {
    private RowArrays() {
    }

    /** The number of values in one row of {@code rowShape}. */
    static long width(long[] rowShape) {
        return Arrays.stream(rowShape).reduce(1, (a, b) -> a * b);
    }

    /** The shape of {@code n} rows of {@code rowShape}. */
    static long[] batchShape(long n, long[] rowShape) {
        long[] shape = new long[rowShape.length + 1];
        shape[0] = n;
        System.arraycopy(rowShape, 0, shape, 1, rowShape.length);
        return shape;
    }

    /** Copies a row's array field (numbers, as Spark hands them over) into {@code into} from {@code offset}. */
    static void copyFloats(List<?> values, float[] into, int offset) {
        for (int i = 0; i < values.size(); i++) {
            into[offset + i] = ((Number) values.get(i)).floatValue();
        }
    }

    /** A row's array field as floats. */
    static float[] floats(List<?> values) {
        float[] out = new float[values.size()];
        copyFloats(values, out, 0);
        return out;
    }

    /** A float array as a row's array field: Spark's row encoder takes a Scala sequence, which this wraps, no copy. */
    static Object arrayOf(float[] values) {
        return scala.collection.mutable.WrappedArray.make(values);
    }
}

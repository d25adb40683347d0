package io.lrp4j.engine;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Rows of a matrix as points, for the evaluations and summaries that compare explanations by distance (the
 * explanatory power index's neighbours, spectral relevance analysis's graph and k-means).
 */
public final class RowVectors {
    private RowVectors() {
    }

    /**
     * A copy of {@code rows} {@code [n, d]} in double precision, each row scaled to unit length; a zero row stays
     * zero.
     */
    public static INDArray unitLength(INDArray rows) {
        INDArray unit = rows.castTo(DataType.DOUBLE).dup();
        INDArray norms = unit.norm2(1).reshape(unit.size(0), 1);
        // A zero row is divided by one, not by zero.
        return unit.diviColumnVector(norms.addi(norms.eq(0).castTo(DataType.DOUBLE)));
    }

    /** Squared Euclidean distances between the rows of {@code a} {@code [n, d]} and of {@code b} {@code [m, d]}. */
    public static INDArray squaredDistances(INDArray a, INDArray b) {
        INDArray aSquares = a.mul(a).sum(1).reshape(a.size(0), 1);
        INDArray bSquares = b.mul(b).sum(1).reshape(1, b.size(0));
        return a.mmul(b.transpose()).muli(-2).addiColumnVector(aSquares).addiRowVector(bSquares);
    }

    /** The numbers {@code 0..n-1} in an order fixed by {@code seed}, {@code [n]} INT64 (seeds ND4J's generator). */
    public static INDArray shuffled(long n, long seed) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.sortWithIndices(Nd4j.rand(DataType.DOUBLE, 1, n), 1, true)[0].reshape(n).castTo(DataType.INT64);
    }
}

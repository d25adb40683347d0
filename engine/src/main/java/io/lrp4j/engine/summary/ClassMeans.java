package io.lrp4j.engine.summary;

import io.lrp4j.engine.Explanation;
import io.lrp4j.engine.OneHot;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Per explained class, the mean relevance map and the mean absolute one over the rows explained for it, gathered a
 * block of explanations at a time (two matrix products per block, in double precision): only {@code 2 x classes}
 * maps are kept, however many rows there are. The mean shows what speaks for the class on average; the mean absolute
 * map shows where the model looks at all, where signs that cancel in the mean do not.
 */
public final class ClassMeans {
    private INDArray sums;
    private INDArray absoluteSums;
    private INDArray counts;
    private long[] rowShape;

    /** Adds one block's relevance to the means of the classes it explained. */
    public void add(Explanation e) {
        add(e.relevance(), e.targets(), (int) e.scores().size(1));
    }

    /**
     * Adds a block's relevance {@code [n, ...]} to the means of its rows' classes.
     *
     * @param targets each row's class, {@code [n]}
     * @param classes the model's number of classes
     */
    public void add(INDArray relevance, INDArray targets, int classes) {
        long n = relevance.size(0);
        long width = relevance.length() / n;
        start(classes, Arrays.copyOfRange(relevance.shape(), 1, relevance.rank()));
        INDArray oneHot = OneHot.of(targets.reshape(n).castTo(DataType.INT64), Nd4j.zeros(DataType.DOUBLE, n,
                sums.size(0)));
        INDArray flat = relevance.castTo(DataType.DOUBLE).reshape(n, width);
        sums.addi(oneHot.transpose().mmul(flat));
        absoluteSums.addi(oneHot.transpose().mmul(Transforms.abs(flat, false)));
        counts.addi(oneHot.sum(0));
    }

    /**
     * Adds totals gathered elsewhere (by another {@code ClassMeans}, on another machine): {@code count} rows of class
     * {@code c} whose relevance sums to {@code sum} and whose absolute relevance sums to {@code absoluteSum}, each
     * flattened.
     */
    public void addTotals(int classes, long[] rowShape, int c, long count, INDArray sum, INDArray absoluteSum) {
        start(classes, rowShape);
        sums.getRow(c).addi(sum.castTo(DataType.DOUBLE).reshape(sums.size(1)));
        absoluteSums.getRow(c).addi(absoluteSum.castTo(DataType.DOUBLE).reshape(sums.size(1)));
        counts.putScalar(c, counts.getDouble(c) + count);
    }

    /** Class {@code c}'s total relevance so far, flattened. */
    public INDArray total(int c) {
        return sums.getRow(c).dup();
    }

    /** Class {@code c}'s total absolute relevance so far, flattened. */
    public INDArray absoluteTotal(int c) {
        return absoluteSums.getRow(c).dup();
    }

    /** One row's shape, once a block was added. */
    public long[] rowShape() {
        return rowShape.clone();
    }

    private void start(int classes, long[] shape) {
        if (sums == null) {
            long width = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
            rowShape = shape.clone();
            sums = Nd4j.zeros(DataType.DOUBLE, classes, width);
            absoluteSums = Nd4j.zeros(DataType.DOUBLE, classes, width);
            counts = Nd4j.zeros(DataType.DOUBLE, classes);
        }
    }

    /** The number of classes, or 0 before the first block. */
    public int classes() {
        return sums == null ? 0 : (int) sums.size(0);
    }

    /** How many rows were explained for class {@code c}. */
    public long count(int c) {
        return (long) counts.getDouble(c);
    }

    /** The mean relevance of class {@code c}'s rows, in one row's shape; zeros for a class no row was explained for. */
    public INDArray mean(int c) {
        return averaged(sums, c);
    }

    /** The mean absolute relevance of class {@code c}'s rows, in one row's shape. */
    public INDArray meanAbsolute(int c) {
        return averaged(absoluteSums, c);
    }

    /** Every class's mean, {@code [classes, ...one row's shape]}. */
    public INDArray means() {
        return all(sums);
    }

    /** Every class's mean absolute relevance, {@code [classes, ...one row's shape]}. */
    public INDArray meanAbsolutes() {
        return all(absoluteSums);
    }

    private INDArray averaged(INDArray totals, int c) {
        double n = Math.max(1, counts.getDouble(c));
        return totals.getRow(c).div(n).reshape(rowShape);
    }

    private INDArray all(INDArray totals) {
        INDArray n = Transforms.max(counts, 1.0, true).reshape(counts.length(), 1);
        long[] shape = new long[rowShape.length + 1];
        shape[0] = totals.size(0);
        System.arraycopy(rowShape, 0, shape, 1, rowShape.length);
        return totals.divColumnVector(n).reshape(shape);
    }
}

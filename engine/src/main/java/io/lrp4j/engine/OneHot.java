package io.lrp4j.engine;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** One-hot rows for per-row class indices, built without a loop over rows. */
public final class OneHot {
    private OneHot() {
    }

    /** {@code [batch, classes]} in the data type of {@code like}, with a 1 at each row's target. */
    public static INDArray of(INDArray targets, INDArray like) {
        INDArray rows = Nd4j.create(like.dataType(), like.size(0), like.size(1));
        // ND4J's own one-hot op: one operation where building it from comparisons took nine.
        Nd4j.exec(new org.nd4j.linalg.api.ops.impl.shape.OneHot(targets, rows, (int) like.size(1)));
        return rows;
    }
}

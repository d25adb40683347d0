package io.lrp4j.engine;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** One-hot rows for per-row class indices, built without a loop over rows. */
final class OneHot {
    private OneHot() {
    }

    /** {@code [batch, classes]} in the data type of {@code like}, with a 1 at each row's target. */
    static INDArray of(INDArray targets, INDArray like) {
        long rows = like.size(0);
        long classes = like.size(1);
        INDArray classIds = Nd4j.arange(classes).castTo(like.dataType()).reshape(1, classes).repeat(0, rows);
        INDArray wanted = targets.castTo(like.dataType()).reshape(rows, 1).repeat(1, classes);
        return classIds.eq(wanted).castTo(like.dataType());
    }
}

package io.lrp4j.engine;

import java.util.stream.IntStream;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Sums over everything but the batch dimension. */
final class RowSums {
    private RowSums() {
    }

    static INDArray of(INDArray x) {
        return x.sum(featureDimensions(x));
    }

    // Summing over the feature dimensions directly saves the reshape, a view that costs a native shape buffer.
    private static int[] featureDimensions(INDArray x) {
        return IntStream.range(1, x.rank()).toArray();
    }
}

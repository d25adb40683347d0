package io.lrp4j.api;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** The positive and negative parts of an array, {@code x+ = max(x, 0)} and {@code x- = min(x, 0)}. */
public final class SignedParts {
    private SignedParts() {
    }

    /** {@code max(x, 0)} as a new array, or {@code null} for {@code null}. */
    public static INDArray positive(INDArray x) {
        return x == null ? null : Transforms.max(x, 0.0, true);
    }

    /** {@code min(x, 0)} as a new array, or {@code null} for {@code null}. */
    public static INDArray negative(INDArray x) {
        return x == null ? null : Transforms.min(x, 0.0, true);
    }
}

package io.lrp4j.api;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One element-wise activation {@code y = f(x)}, as recorded in the forward pass. Arrays it returns must not be
 * modified.
 */
public interface ActivationView {
    /** The pre-activation {@code x}. */
    INDArray input();

    /**
     * The activation {@code f(x)}.
     *
     * @throws IllegalStateException after {@link #backprop}, which may write its result into the recorded activation
     *     when the engine has no further use for it
     */
    INDArray output();

    /** The chain rule through the activation: {@code g * f'(x)}, a new array. */
    INDArray backprop(INDArray g);

    /** Whether {@code f} is the rectifier {@code max(0, x)}. */
    boolean isRectifier();
}

package io.lrp4j.api;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One layer that is a linear map {@code z = forward(x, W, b)}, seen the same way whatever its type: dense,
 * convolution (with any stride, padding and dilation), or a weightless linear map such as average pooling.
 * A rule written against this view therefore serves all of them.
 *
 * <p>The arrays it holds ({@code input()}, {@code output()}, {@code weight()}, {@code bias()},
 * {@code outputWithoutBias()} and {@code derived(...)}) belong to the engine and must not be modified: use
 * out-of-place operations on them. What {@code forward}, {@code transpose}, {@code transposeSum} and
 * {@code takeOutput} return is a new array of the caller's, which in-place operations may reuse. Batch is always the
 * first dimension.
 *
 * <p>Invariants: {@code output()} equals {@code forward(input(), weight(), bias())}, already computed by the
 * forward pass; {@code transpose(g, w)} is the gradient of {@code sum(g * forward(x, w, null))} with respect to
 * {@code x}, so it is linear in {@code g} and does not depend on {@code x}.
 */
public interface LinearView {
    /** The layer's input recorded in the forward pass, shape {@code [batch, ...]}. */
    INDArray input();

    /** The layer's pre-activation recorded in the forward pass, {@code forward(input(), weight(), bias())}. */
    INDArray output();

    /** The weight in DL4J layout, or {@code null} for a weightless map such as pooling. */
    INDArray weight();

    /** The bias, or {@code null} when the layer has none. */
    INDArray bias();

    /** Whether {@link #weight()} is present. */
    default boolean hasWeights() {
        return weight() != null;
    }

    /**
     * The layer's own map applied to other inputs or parameters.
     *
     * @param x an input of the layer's input shape (any batch size)
     * @param w a weight of the layer's weight shape; ignored by weightless maps
     * @param b a bias of the layer's bias shape, or {@code null} for none
     */
    INDArray forward(INDArray x, INDArray w, INDArray b);

    /**
     * Whether every input is non-negative (after a ReLU or on pixels, say), so that a rule may skip the terms of
     * negative inputs, which vanish. By default the input is checked.
     */
    default boolean inputNonNegative() {
        return input().minNumber().doubleValue() >= 0;
    }

    /**
     * The pre-activation without the bias, {@code forward(input(), weight(), null)}. The engine derives it from the
     * recorded output instead of running the layer again.
     */
    default INDArray outputWithoutBias() {
        return forward(input(), weight(), null);
    }

    /**
     * The recorded pre-activation, as the caller's own array to overwrite: a rule that needs {@code z} only to
     * divide by it writes its quotient here instead of into a new array. The engine hands over the array it recorded
     * when nothing else reads it any more, so the quotient costs no memory, and a copy otherwise; by default it is a
     * copy. It may be called once per view, and after it {@link #output()} and {@link #outputWithoutBias()} may throw
     * {@link IllegalStateException}: read them first.
     */
    default INDArray takeOutput() {
        return output().dup();
    }

    /**
     * Declares that the rule will not read the recorded pre-activation: a rule that divides by a product of its own
     * (such as {@code x w+ + b+}) calls it first, and the engine then reuses the recorded output's memory for the
     * arrays {@link #forward} and {@link #transpose} return, where they would otherwise come on top of it. After it,
     * {@link #output()}, {@link #outputWithoutBias()} and {@link #takeOutput()} may throw
     * {@link IllegalStateException}. By default it does nothing.
     */
    default void releaseOutput() {
    }

    /**
     * Declares that the rule will not read {@code upper}, the relevance it was given, again: a rule that has formed its
     * quotient from it calls this before its transposes, and the engine frees the relevance there, or reuses its
     * memory for the arrays {@link #forward} and {@link #transpose} return, where it would otherwise sit under the
     * transposes' own. After it, {@code upper} may hold anything: read it first. By default it does nothing.
     */
    default void releaseUpper() {
    }

    /**
     * An array derived from the layer's parameters alone, such as {@code w+} or {@code w^2}, computed once per
     * layer and explainer instead of on every call. The key must name the computation and every parameter value it
     * uses (e.g. {@code "gamma-up:0.25"}); the result must not be modified.
     */
    default INDArray derived(String key, java.util.function.Supplier<INDArray> compute) {
        return compute.get();
    }

    /**
     * The transpose of the map with weight {@code w}: the input-gradient for the output-gradient {@code g}.
     *
     * @param g an array of the layer's output shape
     * @param w a weight of the layer's weight shape; ignored by weightless maps
     */
    INDArray transpose(INDArray g, INDArray w);

    /**
     * {@code transpose(g1, w1) + transpose(g2, w2)}, as a new array. On a convolution the engine adds both
     * products into one col2im buffer, which saves a whole col2im; rules that add two transposes should call this.
     */
    default INDArray transposeSum(INDArray g1, INDArray w1, INDArray g2, INDArray w2) {
        return transpose(g1, w1).addi(transpose(g2, w2));
    }

    /**
     * Runs a rule's {@link Formula} on this layer: the engine plans which products the forward pass already holds,
     * which terms vanish, which modified weights it keeps, where quotients are written and when arrays are freed.
     * {@link FormulaRule} calls it; other rules have no need to.
     *
     * @param formula the rule's formula
     * @param upper relevance at the layer's output, of the shape of {@link #output()}
     * @return relevance at the layer's input, a new array of the shape of {@link #input()}
     * @throws UnsupportedOperationException on a view that cannot plan formulas (every view the engine gives can)
     */
    default INDArray propagate(Formula formula, INDArray upper) {
        throw new UnsupportedOperationException(getClass().getName() + " cannot run formulas; rules get views that do"
                + " from the engine (io.lrp4j.engine) or the testkit");
    }
}

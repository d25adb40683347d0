package io.lrp4j.testkit;

import io.lrp4j.api.LinearView;
import io.lrp4j.engine.network.StandaloneViews;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One generated layer: its kind, input, weight, bias, geometry and an upper relevance. Printed in full when a
 * property fails, so the shrunk counterexample can be read and replayed.
 *
 * @param kind the layer kind
 * @param x the input, batch first (for a recurrent cell {@code [x_t ; h_(t-1)]})
 * @param w the weight in DL4J layout, or null for pooling
 * @param b the bias {@code [1, nOut]}, or null
 * @param stride the convolution or pooling stride, or null for dense
 * @param padding the convolution padding, or null
 * @param window the pooling window, or null
 * @param upper relevance at the output
 * @param seed the seed the values came from
 */
public record LayerCase(LayerKind kind, INDArray x, INDArray w, INDArray b, int[] stride, int[] padding,
        int[] window, INDArray upper, long seed) {

    /** The engine's view of this layer. */
    public LinearView view() {
        return viewOf(x, w, b);
    }

    /** The same layer over another input. */
    public LinearView viewOf(INDArray input, INDArray weight, INDArray bias) {
        return switch (kind) {
            case DENSE -> StandaloneViews.dense(input, weight, bias);
            case RECURRENT -> StandaloneViews.recurrentCell(input, weight, bias);
            case CONV -> StandaloneViews.convolution(input, weight, bias, stride, padding);
            case MAX_POOL -> StandaloneViews.pooling(input, true, window, stride);
            case AVG_POOL -> StandaloneViews.pooling(input, false, window, stride);
        };
    }

    /** This case with another upper relevance. */
    public LayerCase withUpper(INDArray newUpper) {
        return new LayerCase(kind, x, w, b, stride, padding, window, newUpper, seed);
    }

    /** This case with another input. */
    public LayerCase withInput(INDArray newInput) {
        return new LayerCase(kind, newInput, w, b, stride, padding, window, upper, seed);
    }

    /** This case with another weight and bias. */
    public LayerCase withParameters(INDArray newWeight, INDArray newBias) {
        return new LayerCase(kind, x, newWeight, newBias, stride, padding, window, upper, seed);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(kind + " layer, " + x.dataType().name().toLowerCase(java.util.Locale.ROOT)
                + ", value seed " + seed + ": x" + Arrays.toString(x.shape()));
        if (w != null) {
            s.append(" w").append(Arrays.toString(w.shape()));
        }
        s.append(b == null ? " no bias" : " b" + Arrays.toString(b.shape()));
        if (stride != null) {
            s.append(" stride ").append(Arrays.toString(stride));
        }
        if (padding != null) {
            s.append(" padding ").append(Arrays.toString(padding));
        }
        if (window != null) {
            s.append(" window ").append(Arrays.toString(window));
        }
        s.append("\n  x = ").append(x.toStringFull().replace("\n", " "));
        if (w != null) {
            s.append("\n  w = ").append(w.toStringFull().replace("\n", " "));
        }
        if (b != null) {
            s.append("\n  b = ").append(b.toStringFull().replace("\n", " "));
        }
        s.append("\n  upper = ").append(upper.toStringFull().replace("\n", " "));
        return s.toString();
    }
}

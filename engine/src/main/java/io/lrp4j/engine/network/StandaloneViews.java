package io.lrp4j.engine.network;

import io.lrp4j.api.ActivationView;
import io.lrp4j.api.LinearView;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Layer views outside any network, built from the engine's own maps, so that a rule can be checked on exactly the
 * views the engine gives it. Used by the testkit.
 */
public final class StandaloneViews {
    private static final LayerInfo STANDALONE = new LayerInfo(0, "standalone", "standalone");

    private StandaloneViews() {
    }

    /** A dense layer {@code x W + b}: x {@code [batch, nIn]}, W {@code [nIn, nOut]}, b {@code [1, nOut]} or null. */
    public static LinearView dense(INDArray x, INDArray w, INDArray b) {
        return record(new LinearStage(STANDALONE, StageKind.DENSE, new DenseMap(w.size(0)), w, b), x);
    }

    /**
     * A recurrent cell at one time step, as the engine gives it to rules for {@code SimpleRnn} and an LSTM's block
     * input: one linear map over the concatenated input {@code [x_t ; h_(t-1)]} ({@code [batch, nIn + n]}) with weight
     * {@code [W ; RW]} ({@code [nIn + n, width]}) and bias {@code [1, width]} or null.
     */
    public static LinearView recurrentCell(INDArray cellInput, INDArray w, INDArray b) {
        return record(new LinearStage(STANDALONE, StageKind.SIMPLE_RNN, new DenseMap(w.size(0)), w, b), cellInput);
    }

    /**
     * A Truncate-mode convolution: x {@code [batch, nIn, h, w]}, W {@code [nOut, nIn, kH, kW]}, b {@code [1, nOut]}
     * or null.
     */
    public static LinearView convolution(INDArray x, INDArray w, INDArray b, int[] stride, int[] padding) {
        int[] kernel = {(int) w.size(2), (int) w.size(3)};
        ConvolutionGeometry g = new ConvolutionGeometry(kernel, stride, padding, new int[] {1, 1},
                ConvolutionMode.Truncate);
        return record(new LinearStage(STANDALONE, StageKind.CONV, new ConvolutionMap(g, w.size(1)), w, b), x);
    }

    /** Max ({@code max = true}) or average pooling without padding over NCHW input. */
    public static LinearView pooling(INDArray x, boolean max, int[] kernel, int[] stride) {
        ConvolutionGeometry g = new ConvolutionGeometry(kernel, stride, new int[] {0, 0}, new int[] {1, 1},
                ConvolutionMode.Truncate);
        return record(new LinearStage(STANDALONE, max ? StageKind.MAX_POOL : StageKind.AVG_POOL,
                new PoolingMap(max, g, false), null, null), x);
    }

    /** A rectifier ({@code relu = true}) or tanh activation over the given pre-activation. */
    public static ActivationView activation(INDArray preActivation, boolean relu) {
        IActivation f = relu ? new ActivationReLU() : new ActivationTanH();
        ActivationStage stage = new ActivationStage(STANDALONE, f);
        return stage.view(preActivation, stage.forward(preActivation), false);
    }

    /**
     * A view of one of this class's, whose {@link LinearView#releaseUpper()} fills {@code upper} with NaN: in the
     * engine the relevance's memory then holds other arrays, so a rule that reads it after handing it back gives NaN
     * here, where a property sees it, instead of wrong numbers only in a network.
     */
    public static LinearView spoilingUpperOnRelease(LinearView view, INDArray upper) {
        return onUpperRelease(view, () -> upper.assign(Double.NaN));
    }

    /** A view of one of this class's whose {@link LinearView#releaseUpper()} runs {@code release}, at most once. */
    public static LinearView onUpperRelease(LinearView view, Runnable release) {
        return ((RecordedLinearView) view).withUpperRelease(release);
    }

    private static LinearView record(LinearStage stage, INDArray x) {
        return stage.view(x, stage.forward(x), false);
    }
}

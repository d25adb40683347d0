package io.lrp4j.engine;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Settings of the methods that run copies of the input: those that average gradients over them
 * ({@link Method#INTEGRATED_GRADIENTS}, {@link Method#SMOOTHGRAD}) and {@link Method#OCCLUSION}.
 *
 * @param steps integrated gradients' points on the path from the baseline, at least 1
 * @param baseline the value every input element has at the path's start (unless {@code baselineInput} is given), and
 *     occlusion's value under its window
 * @param samples SmoothGrad's noisy copies, at least 1
 * @param noise SmoothGrad's noise standard deviation as a fraction of each row's range (largest minus smallest
 *     value), at least 0
 * @param seed SmoothGrad's noise seed
 * @param internalBatchSize the most copies differentiated (or, for occlusion, scored) in one pass, at least 1: bounds
 *     the memory these methods take, which other libraries are known to run out of
 * @param window occlusion's window side: a square of the last two dimensions of image input {@code [N, C, H, W]},
 *     a run of time steps of a sequence {@code [N, F, T]}, of features of a vector {@code [N, F]}; all channels
 * @param stride how far occlusion's window moves, at least 1
 * @param quadrature how integrated gradients places and weighs its steps
 * @param squared whether SmoothGrad averages the squares of the gradients (SmoothGrad-squared) instead of the gradients
 * @param baselineInput integrated gradients' start, shaped as one row of the input (with or without its batch
 *     dimension of 1, the same for every row) or as the whole input; null for {@code baseline} everywhere. Only read.
 */
public record PathSettings(int steps, double baseline, int samples, double noise, long seed, int internalBatchSize,
        int window, int stride, Quadrature quadrature, boolean squared, INDArray baselineInput) {
    /**
     * 64 Riemann steps from 0; 32 samples with noise 0.1 of the range, seed 1, not squared; 256 copies at once; a
     * window of 4 by 2.
     */
    public static final PathSettings DEFAULTS = new PathSettings(64, 0, 32, 0.1, 1, 256, 4, 2);

    /** The settings with the Riemann rule, SmoothGrad unsquared, and a baseline value. */
    public PathSettings(int steps, double baseline, int samples, double noise, long seed, int internalBatchSize,
            int window, int stride) {
        this(steps, baseline, samples, noise, seed, internalBatchSize, window, stride, Quadrature.RIEMANN, false, null);
    }

    /** These settings with another quadrature. */
    public PathSettings withQuadrature(Quadrature q) {
        return new PathSettings(steps, baseline, samples, noise, seed, internalBatchSize, window, stride, q, squared,
                baselineInput);
    }

    /** These settings with SmoothGrad squared or not. */
    public PathSettings withSquared(boolean square) {
        return new PathSettings(steps, baseline, samples, noise, seed, internalBatchSize, window, stride, quadrature,
                square, baselineInput);
    }

    /** These settings with integrated gradients starting from {@code start} (see {@link #baselineInput}). */
    public PathSettings withBaselineInput(INDArray start) {
        return new PathSettings(steps, baseline, samples, noise, seed, internalBatchSize, window, stride, quadrature,
                squared, start);
    }

    /**
     * Integrated gradients' start for input {@code x}: {@link #baselineInput} repeated for every row, or
     * {@link #baseline} everywhere.
     *
     * @throws ExplainException when the baseline input fits neither one row of {@code x} nor all of it
     */
    public INDArray start(INDArray x) {
        if (baselineInput == null) {
            return Nd4j.valueArrayOf(x.shape(), baseline, x.dataType());
        }
        long[] row = x.shape().clone();
        row[0] = 1;
        long[] given = baselineInput.shape();
        boolean whole = Arrays.equals(given, x.shape());
        boolean oneRow = Arrays.equals(given, row)
                || Arrays.equals(given, Arrays.copyOfRange(x.shape(), 1, x.rank()));
        if (!whole && !oneRow) {
            throw new ExplainException("the baseline's shape " + Arrays.toString(given) + " fits neither one row of the"
                    + " input " + Arrays.toString(Arrays.copyOfRange(x.shape(), 1, x.rank())) + " nor the whole input "
                    + Arrays.toString(x.shape()));
        }
        INDArray b = baselineInput.castTo(x.dataType());
        return whole ? b.dup() : b.reshape(row).broadcast(x.shape());
    }

    /** Checks the settings. */
    public PathSettings {
        if (steps < 1) {
            throw new ExplainException("integrated gradients need at least 1 step, got " + steps);
        }
        if (samples < 1) {
            throw new ExplainException("SmoothGrad needs at least 1 sample, got " + samples);
        }
        if (!(noise >= 0) || Double.isInfinite(noise)) {
            throw new ExplainException("SmoothGrad's noise must be a finite fraction of at least 0, got " + noise);
        }
        if (internalBatchSize < 1) {
            throw new ExplainException("--internal-batch-size must be at least 1, got " + internalBatchSize);
        }
        if (window < 1 || stride < 1) {
            throw new ExplainException("occlusion needs a --window and a --stride of at least 1, got " + window
                    + " and " + stride);
        }
        if (!Double.isFinite(baseline)) {
            throw new ExplainException("the baseline must be a finite value, got " + baseline);
        }
        if (quadrature == null) {
            throw new ExplainException("integrated gradients need a quadrature: riemann or gauss-legendre");
        }
        if (baselineInput != null && !Double.isFinite(baselineInput.sumNumber().doubleValue())) {
            throw new ExplainException("the baseline input holds NaN or infinite values");
        }
    }
}

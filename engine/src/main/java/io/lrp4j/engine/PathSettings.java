package io.lrp4j.engine;

/**
 * Settings of the methods that run copies of the input: those that average gradients over them
 * ({@link Method#INTEGRATED_GRADIENTS}, {@link Method#SMOOTHGRAD}) and {@link Method#OCCLUSION}.
 *
 * @param steps integrated gradients' points on the path from the baseline (midpoint rule), at least 1
 * @param baseline the value every input element has at the path's start, and occlusion's value under its window
 * @param samples SmoothGrad's noisy copies, at least 1
 * @param noise SmoothGrad's noise standard deviation as a fraction of each row's range (largest minus smallest
 *     value), at least 0
 * @param seed SmoothGrad's noise seed
 * @param internalBatchSize the most copies differentiated (or, for occlusion, scored) in one pass, at least 1: bounds
 *     the memory these methods take, which other libraries are known to run out of
 * @param window occlusion's window side: a square of the last two dimensions of image input {@code [N, C, H, W]},
 *     a run of time steps of a sequence {@code [N, F, T]}, of features of a vector {@code [N, F]}; all channels
 * @param stride how far occlusion's window moves, at least 1
 */
public record PathSettings(int steps, double baseline, int samples, double noise, long seed, int internalBatchSize,
        int window, int stride) {
    /** 64 steps from 0; 32 samples with noise 0.1 of the range, seed 1; 256 copies at once; a window of 4 by 2. */
    public static final PathSettings DEFAULTS = new PathSettings(64, 0, 32, 0.1, 1, 256, 4, 2);

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
    }
}

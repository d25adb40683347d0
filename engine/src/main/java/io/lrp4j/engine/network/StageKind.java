package io.lrp4j.engine.network;

/** What a stage is, as selectors see it. */
public enum StageKind {
    /** {@code DenseLayer} or {@code OutputLayer}. */
    DENSE(true),
    /** {@code ConvolutionLayer}. */
    CONV(true),
    /** Max pooling, windowed or global. */
    MAX_POOL(false),
    /** Average pooling, windowed or global. */
    AVG_POOL(false),
    /** An element-wise activation. */
    ACTIVATION(false),
    /** A reshape between layers, such as flattening; relevance is reshaped back. */
    RESHAPE(false);

    private final boolean weighted;

    StageKind(boolean weighted) {
        this.weighted = weighted;
    }

    /** Whether stages of this kind have weights. */
    public boolean weighted() {
        return weighted;
    }
}

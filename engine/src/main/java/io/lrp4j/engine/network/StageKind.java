package io.lrp4j.engine.network;

/** What a stage is, as selectors see it. */
public enum StageKind {
    /** {@code DenseLayer} or {@code OutputLayer}. */
    DENSE(true),
    /** {@code ConvolutionLayer}. */
    CONV(true),
    /** {@code SimpleRnn}: its cell map over {@code [x_t ; h_(t-1)]}, at every time step. */
    SIMPLE_RNN(true),
    /** {@code LSTM}: the map into its block input over {@code [x_t ; h_(t-1)]}, at every time step. */
    LSTM(true),
    /** Max pooling, windowed or global. */
    MAX_POOL(false),
    /** Average pooling, windowed or global. */
    AVG_POOL(false),
    /** An element-wise activation. */
    ACTIVATION(false),
    /** A reshape between layers, such as flattening; relevance is reshaped back. */
    RESHAPE(false),
    /** An element-wise sum of several inputs ({@code ElementWiseVertex} Add), such as a residual connection. */
    ADD(false),
    /** A concatenation of several inputs ({@code MergeVertex}); relevance is sliced back. */
    MERGE(false),
    /**
     * A {@code BatchNormalization} no layer could absorb: an affine map per channel. Not among the layers {@code all}
     * selects: by default the gradient passes through it, as the peer does.
     */
    BATCHNORM(true),
    /** A lookup of token ids ({@code EmbeddingSequenceLayer}, {@code EmbeddingLayer}); relevance is summed per token. */
    EMBEDDING(false),
    /**
     * {@code LocalResponseNormalization}: no rule; relevance passes through it unchanged under LRP, gradient methods
     * get its gradient.
     */
    NORMALIZATION(false);

    private final boolean weighted;

    StageKind(boolean weighted) {
        this.weighted = weighted;
    }

    /** Whether stages of this kind take a rule: reshapes and merges only route relevance. */
    public boolean takesRule() {
        return this != RESHAPE && this != MERGE && this != EMBEDDING && this != NORMALIZATION;
    }

    /** Whether stages of this kind are recurrent layers. */
    public boolean recurrent() {
        return this == SIMPLE_RNN || this == LSTM;
    }

    /** Whether stages of this kind have weights. */
    public boolean weighted() {
        return weighted;
    }
}

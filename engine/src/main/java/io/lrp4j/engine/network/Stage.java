package io.lrp4j.engine.network;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One step of a compiled network. Stages are immutable and shared between threads: everything a call needs
 * travels in its arguments.
 */
public abstract class Stage {
    private final LayerInfo layer;
    private final StageKind kind;

    Stage(LayerInfo layer, StageKind kind) {
        this.layer = layer;
        this.kind = kind;
    }

    /** The DL4J layer this stage came from. */
    public LayerInfo layer() {
        return layer;
    }

    /** What this stage is. */
    public StageKind kind() {
        return kind;
    }

    /**
     * How this stage reads several inputs as one, or null for a stage with one input. The engine joins the inputs
     * before {@link #forward} and splits the relevance at the joined input back to them.
     */
    public Join join() {
        return null;
    }

    /**
     * This stage's output for an input, as a new array.
     *
     * @throws io.lrp4j.engine.ExplainException when the input's shape does not fit the layer
     */
    public abstract INDArray forward(INDArray input);
}

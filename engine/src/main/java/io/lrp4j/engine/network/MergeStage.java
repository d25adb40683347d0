package io.lrp4j.engine.network;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's {@code MergeVertex}: its inputs concatenated ({@link ConcatJoin}), which is all it computes. Relevance
 * passes unchanged and is sliced back to the inputs; no rule applies.
 */
public final class MergeStage extends Stage {
    private final Join join;

    MergeStage(LayerInfo layer, int axis) {
        super(layer, StageKind.MERGE);
        this.join = new ConcatJoin(axis);
    }

    @Override
    public Join join() {
        return join;
    }

    /** The joined input is the merge's output. */
    @Override
    public INDArray forward(INDArray joined) {
        return joined;
    }
}

package io.lrp4j.engine.network;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A stage that only moves values (a reshape, zero padding): no rule applies, and relevance moves back the way the
 * values came, which is the stage's gradient.
 */
public abstract class RoutingStage extends Stage {
    RoutingStage(LayerInfo layer) {
        super(layer, StageKind.RESHAPE);
    }

    /** Relevance at the output, moved back to the shape of {@code input}, the input this stage recorded. */
    public abstract INDArray backward(INDArray input, INDArray upper);
}

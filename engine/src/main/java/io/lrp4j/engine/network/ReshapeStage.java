package io.lrp4j.engine.network;

import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A DL4J input preprocessor that only reshapes; relevance goes back through the preprocessor's own backprop. */
public class ReshapeStage extends RoutingStage {
    private final InputPreProcessor preprocessor;

    /** A stage for a reshaping preprocessor; the preprocessor is cloned so the model's own is never touched. */
    public ReshapeStage(LayerInfo layer, InputPreProcessor preprocessor) {
        super(layer);
        this.preprocessor = preprocessor.clone();
    }

    @Override
    public INDArray forward(INDArray input) {
        return preprocessor.preProcess(input, (int) input.size(0), LayerWorkspaceMgr.noWorkspaces());
    }

    /** Relevance at the output, reshaped to the input's shape. */
    @Override
    public INDArray backward(INDArray input, INDArray upper) {
        return preprocessor.backprop(upper, (int) upper.size(0), LayerWorkspaceMgr.noWorkspaces());
    }
}

package io.lrp4j.engine.network;

import io.lrp4j.api.LinearView;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A linear stage together with what it recorded in one forward pass. */
final class RecordedLinearView implements LinearView {
    private final LinearStage stage;
    private final INDArray input;
    private final INDArray output;

    RecordedLinearView(LinearStage stage, INDArray input, INDArray output) {
        this.stage = stage;
        this.input = input;
        this.output = output;
    }

    @Override
    public INDArray input() {
        return input;
    }

    @Override
    public INDArray output() {
        return output;
    }

    @Override
    public INDArray weight() {
        return stage.weight();
    }

    @Override
    public INDArray bias() {
        return stage.bias();
    }

    @Override
    public INDArray forward(INDArray x, INDArray w, INDArray b) {
        return stage.map().forward(x, w, b);
    }

    @Override
    public INDArray transpose(INDArray g, INDArray w) {
        return stage.map().transpose(g, w, input);
    }
}

package io.lrp4j.engine.network;

import io.lrp4j.api.ActivationView;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.ndarray.INDArray;

/** An element-wise activation, applied with DL4J's own activation function. */
public final class ActivationStage extends Stage {
    private final IActivation function;

    /** An activation stage for a DL4J activation function. */
    public ActivationStage(LayerInfo layer, IActivation function) {
        super(layer, StageKind.ACTIVATION);
        this.function = function;
    }

    @Override
    public INDArray forward(INDArray input) {
        // DL4J activations work in place: give them a copy so the recorded pre-activation survives.
        return function.getActivation(input.dup(), false);
    }

    /** The view rules see, over the arrays this stage recorded in one forward pass. */
    public ActivationView view(INDArray input, INDArray output) {
        return new ActivationView() {
            @Override
            public INDArray input() {
                return input;
            }

            @Override
            public INDArray output() {
                return output;
            }

            @Override
            public INDArray backprop(INDArray g) {
                return function.backprop(input.dup(), g.dup()).getFirst();
            }

            @Override
            public boolean isRectifier() {
                return isPlainRelu(function);
            }
        };
    }

    static boolean isPlainRelu(IActivation f) {
        if (!(f instanceof ActivationReLU relu)) {
            return false;
        }
        return isZeroOrNull(relu.getThreshold()) && isZeroOrNull(relu.getNegativeSlope()) && relu.getMax() == null;
    }

    private static boolean isZeroOrNull(Double d) {
        return d == null || d == 0.0;
    }
}

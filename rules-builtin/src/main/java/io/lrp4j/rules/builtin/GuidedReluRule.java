package io.lrp4j.rules.builtin;

import io.lrp4j.api.ActivationRule;
import io.lrp4j.api.ActivationView;
import io.lrp4j.api.Arguments;
import io.lrp4j.api.Rule;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Guided backprop's ReLU: the gradient passes only where both the forward input and the incoming gradient are
 * positive. Other activations keep their plain gradient.
 */
@Rule(name = "guided-relu",
        summary = "ReLU backward that passes only where the input and the incoming gradient are both positive",
        linearInRelevance = false,
        reference = "Springenberg et al. 2015, Striving for simplicity: the all convolutional net")
public final class GuidedReluRule implements ActivationRule {
    @Override
    public INDArray relevance(ActivationView layer, INDArray upper, Arguments args) {
        INDArray gradient = layer.backprop(upper);
        if (!layer.isRectifier()) {
            return gradient;
        }
        return gradient.muli(upper.gt(0).castTo(upper.dataType()));
    }
}

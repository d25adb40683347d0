package io.lrp4j.rules.builtin;

import io.lrp4j.api.ActivationRule;
import io.lrp4j.api.ActivationView;
import io.lrp4j.api.Arguments;
import io.lrp4j.api.Rule;
import io.lrp4j.api.SignedParts;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DeconvNet's ReLU: the rectifier is applied to the incoming gradient, whatever the forward input was. Other
 * activations keep their plain gradient.
 */
@Rule(name = "deconvnet-relu",
        summary = "ReLU backward that passes the positive part of the incoming gradient",
        linearInRelevance = false,
        reference = "Zeiler and Fergus 2014, Visualizing and understanding convolutional networks")
public final class DeconvnetReluRule implements ActivationRule {
    @Override
    public INDArray relevance(ActivationView layer, INDArray upper, Arguments args) {
        return layer.isRectifier() ? SignedParts.positive(upper) : layer.backprop(upper);
    }
}

package io.lrp4j.rules.builtin;

import io.lrp4j.api.ActivationRule;
import io.lrp4j.api.ActivationView;
import io.lrp4j.api.Arguments;
import io.lrp4j.api.LinearRule;
import io.lrp4j.api.LinearView;
import io.lrp4j.api.Rule;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The plain chain rule, for any layer: what sensitivity analysis and gradient x input are made of. */
@Rule(name = "gradient", aliases = {"grad"},
        summary = "the layer's own backward pass in inference mode (transpose, or f'(x) for activations)",
        reference = "Simonyan et al. 2014, Deep inside convolutional networks")
public final class GradientRule implements LinearRule, ActivationRule {
    @Override
    public boolean needsWeights() {
        return false;
    }

    @Override
    public INDArray relevance(LinearView layer, INDArray upper, Arguments args) {
        return layer.transpose(upper, layer.weight());
    }

    @Override
    public INDArray relevance(ActivationView layer, INDArray upper, Arguments args) {
        return layer.backprop(upper);
    }
}

package io.lrp4j.rules.builtin;

import io.lrp4j.api.ActivationRule;
import io.lrp4j.api.ActivationView;
import io.lrp4j.api.Arguments;
import io.lrp4j.api.Guarantee;
import io.lrp4j.api.Rule;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Activations in LRP: relevance passes through unchanged. */
@Rule(name = "pass", aliases = {"identity"},
        summary = "activations: relevance passes through unchanged",
        guarantees = {Guarantee.CONSERVATION, Guarantee.POSITIVITY},
        reference = "Bach et al. 2015, On pixel-wise explanations for non-linear classifier decisions by LRP, PLoS ONE")
public final class PassRule implements ActivationRule {
    @Override
    public INDArray relevance(ActivationView layer, INDArray upper, Arguments args) {
        // The engine reads relevance it is handed and never writes it, so a copy would only cost a pass and an array.
        return upper;
    }

    @Override
    public boolean passesThrough() {
        return true;
    }
}

package io.lrp4j.rules.builtin;

import io.lrp4j.api.Arguments;
import io.lrp4j.api.Guarantee;
import io.lrp4j.api.LinearRule;
import io.lrp4j.api.LinearView;
import io.lrp4j.api.Rule;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Max pooling: all of an output's relevance goes to the input that won the max (the pooling's gradient). */
@Rule(name = "winner-take-all", aliases = {"wta"},
        summary = "max pooling: each output's relevance goes to its winning input",
        guarantees = {Guarantee.CONSERVATION, Guarantee.POSITIVITY},
        reference = "Zennit's treatment of max pooling (Anders et al. 2021, arXiv:2106.13200)")
public final class WinnerTakeAllRule implements LinearRule {
    @Override
    public boolean needsWeights() {
        return false;
    }

    @Override
    public INDArray relevance(LinearView layer, INDArray upper, Arguments args) {
        return layer.transpose(upper, layer.weight());
    }
}

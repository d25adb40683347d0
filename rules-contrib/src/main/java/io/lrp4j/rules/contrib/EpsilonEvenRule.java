package io.lrp4j.rules.contrib;

import io.lrp4j.api.Arguments;
import io.lrp4j.api.Guarantee;
import io.lrp4j.api.LinearRule;
import io.lrp4j.api.LinearView;
import io.lrp4j.api.Param;
import io.lrp4j.api.Rule;
import io.lrp4j.api.Stabilizer;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * LRP-epsilon whose bias and stabilizer share is spread evenly over the inputs of each output (the
 * {@code bias_factor = 1} variant of LRP for LSTMs), so relevance is conserved exactly, bias or not.
 */
@Rule(name = "epsilon-even", aliases = {"epsilon-conserving"},
        summary = "epsilon rule that spreads the bias and stabilizer share evenly over each output's inputs",
        guarantees = {Guarantee.CONSERVATION},
        reference = "Arras et al. 2017, Explaining recurrent neural network predictions in sentiment analysis")
public final class EpsilonEvenRule implements LinearRule {
    static final Param<Double> EPSILON = Param.real("epsilon", 1e-3, "stabilizer added to each denominator")
            .positive();

    @Override
    public List<Param<?>> parameters() {
        return List.of(EPSILON);
    }

    @Override
    public INDArray relevance(LinearView layer, INDArray upper, Arguments args) {
        INDArray z = layer.output();
        INDArray stabilized = Stabilizer.stabilize(z, args.get(EPSILON));
        INDArray ratio = upper.div(stabilized);
        layer.releaseUpper();
        INDArray proportional = layer.input().mul(layer.transpose(ratio, layer.weight()));
        // What the contributions x*w leave of R: (s(z) - (z - b)) / s(z) * R, i.e. the bias and stabilizer share.
        INDArray contributions = layer.outputWithoutBias();
        INDArray rest = stabilized.sub(contributions).muli(ratio);
        INDArray ones = Nd4j.onesLike(layer.weight());
        INDArray fanIn = layer.forward(Nd4j.onesLike(layer.input()), ones, null);
        return proportional.addi(layer.transpose(rest.divi(fanIn), ones));
    }
}

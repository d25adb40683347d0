package io.lrp4j.testkit.broken;

import io.lrp4j.api.Arguments;
import io.lrp4j.api.Formula;
import io.lrp4j.api.FormulaRule;
import io.lrp4j.api.LinearView;
import io.lrp4j.api.Operand;
import io.lrp4j.api.Rule;
import io.lrp4j.api.Term;
import io.lrp4j.api.WeightMap;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * States z+ as its formula but computes lrp-0: what the formula check sees when a plan (or a rule's own
 * {@code relevance}) does not do what the formula says.
 */
@Rule(name = "misstated-formula", summary = "says z+, computes lrp-0")
public final class MisstatedFormulaRule implements FormulaRule {
    @Override
    public Formula formula(Arguments args) {
        return Formula.proportional(Term.of(Operand.POSITIVE_INPUT, WeightMap.POSITIVE),
                Term.of(Operand.NEGATIVE_INPUT, WeightMap.NEGATIVE));
    }

    @Override
    public INDArray relevance(LinearView layer, INDArray upper, Arguments args) {
        return layer.propagate(Formula.proportional(Term.of(Operand.INPUT, WeightMap.WEIGHT)), upper);
    }
}

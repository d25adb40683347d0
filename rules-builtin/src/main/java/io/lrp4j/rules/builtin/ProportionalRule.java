package io.lrp4j.rules.builtin;

import io.lrp4j.api.Arguments;
import io.lrp4j.api.Formula;
import io.lrp4j.api.FormulaRule;
import io.lrp4j.api.Guarantee;
import io.lrp4j.api.Operand;
import io.lrp4j.api.Rule;
import io.lrp4j.api.Term;
import io.lrp4j.api.WeightMap;

/**
 * For weightless linear maps such as average pooling: each input gets relevance in proportion to its share of the
 * output it feeds (the peer's {@code Norm}).
 */
@Rule(name = "proportional", aliases = {"norm"},
        summary = "average pooling: relevance in proportion to each input's share of the output",
        guarantees = {Guarantee.CONSERVATION},
        reference = "Zennit's Norm rule (Anders et al. 2021, arXiv:2106.13200)")
public final class ProportionalRule implements FormulaRule {
    @Override
    public boolean needsWeights() {
        return false;
    }

    @Override
    public Formula formula(Arguments args) {
        return Formula.proportional(Term.of(Operand.INPUT, WeightMap.WEIGHT));
    }
}

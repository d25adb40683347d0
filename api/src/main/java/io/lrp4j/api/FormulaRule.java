package io.lrp4j.api;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A linear rule written as its {@link Formula}: the rule states the mathematics, the engine does the rest. This is
 * the form to start from; implement {@link LinearRule#relevance} directly only for rules a formula cannot state
 * (a stabilizer that depends on the data, relevance spread by another law).
 *
 * <pre>{@code
 * public Formula formula(Arguments args) {                     // z+: x+ w+ and x- w- only
 *     return Formula.proportional(Term.of(Operand.POSITIVE_INPUT, WeightMap.POSITIVE, args.get(BIAS)),
 *                                 Term.of(Operand.NEGATIVE_INPUT, WeightMap.NEGATIVE));
 * }
 * }</pre>
 */
public interface FormulaRule extends LinearRule {
    /** The rule's formula for these parameter values. */
    Formula formula(Arguments args);

    /** Hands the formula to the view, which plans and runs it. */
    @Override
    default INDArray relevance(LinearView layer, INDArray upper, Arguments args) {
        return layer.propagate(formula(args), upper);
    }
}

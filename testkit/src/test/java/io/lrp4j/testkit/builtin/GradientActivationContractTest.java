package io.lrp4j.testkit.builtin;

import io.lrp4j.rules.builtin.GradientRule;
import io.lrp4j.testkit.ActivationRuleContract;

/** The gradient rule serves activations too. */
class GradientActivationContractTest implements ActivationRuleContract<GradientRule> {
    @Override
    public GradientRule rule() {
        return new GradientRule();
    }
}

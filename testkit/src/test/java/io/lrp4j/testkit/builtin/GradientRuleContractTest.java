package io.lrp4j.testkit.builtin;

import io.lrp4j.rules.builtin.GradientRule;
import io.lrp4j.testkit.RuleContract;

class GradientRuleContractTest implements RuleContract<GradientRule> {
    @Override
    public GradientRule rule() {
        return new GradientRule();
    }
}

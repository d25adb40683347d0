package io.lrp4j.testkit.builtin;

import io.lrp4j.rules.builtin.EpsilonRule;
import io.lrp4j.testkit.RuleContract;

class EpsilonRuleContractTest implements RuleContract<EpsilonRule> {
    @Override
    public EpsilonRule rule() {
        return new EpsilonRule();
    }

    @Override
    public String parameters() {
        return "epsilon=0.25";
    }
}

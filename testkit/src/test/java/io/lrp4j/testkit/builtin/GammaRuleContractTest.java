package io.lrp4j.testkit.builtin;

import io.lrp4j.rules.builtin.GammaRule;
import io.lrp4j.testkit.RuleContract;

class GammaRuleContractTest implements RuleContract<GammaRule> {
    @Override
    public GammaRule rule() {
        return new GammaRule();
    }

    @Override
    public String parameters() {
        return "gamma=0.5";
    }
}

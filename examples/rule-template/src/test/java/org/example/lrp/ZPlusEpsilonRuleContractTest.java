package org.example.lrp;

import io.lrp4j.testkit.RuleContract;

class ZPlusEpsilonRuleContractTest implements RuleContract<ZPlusEpsilonRule> {
    @Override
    public ZPlusEpsilonRule rule() {
        return new ZPlusEpsilonRule();
    }

    @Override
    public String parameters() {
        return "epsilon=0.01";
    }
}

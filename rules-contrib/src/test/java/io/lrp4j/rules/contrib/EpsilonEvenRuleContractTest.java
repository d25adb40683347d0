package io.lrp4j.rules.contrib;

import io.lrp4j.testkit.RuleContract;

class EpsilonEvenRuleContractTest implements RuleContract<EpsilonEvenRule> {
    @Override
    public EpsilonEvenRule rule() {
        return new EpsilonEvenRule();
    }
}

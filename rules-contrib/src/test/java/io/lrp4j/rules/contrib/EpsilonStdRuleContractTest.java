package io.lrp4j.rules.contrib;

import io.lrp4j.testkit.RuleContract;

class EpsilonStdRuleContractTest implements RuleContract<EpsilonStdRule> {
    @Override
    public EpsilonStdRule rule() {
        return new EpsilonStdRule();
    }
}

package io.lrp4j.testkit.builtin;

import io.lrp4j.rules.builtin.WSquareRule;
import io.lrp4j.testkit.RuleContract;

class WSquareRuleContractTest implements RuleContract<WSquareRule> {
    @Override
    public WSquareRule rule() {
        return new WSquareRule();
    }
}

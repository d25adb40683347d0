package io.lrp4j.testkit.builtin;

import io.lrp4j.rules.builtin.FlatRule;
import io.lrp4j.testkit.RuleContract;

class FlatRuleContractTest implements RuleContract<FlatRule> {
    @Override
    public FlatRule rule() {
        return new FlatRule();
    }
}

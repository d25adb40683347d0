package io.lrp4j.testkit.builtin;

import io.lrp4j.rules.builtin.ZPlusRule;
import io.lrp4j.testkit.RuleContract;

class ZPlusRuleContractTest implements RuleContract<ZPlusRule> {
    @Override
    public ZPlusRule rule() {
        return new ZPlusRule();
    }
}

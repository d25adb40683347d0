package io.lrp4j.testkit.builtin;

import io.lrp4j.rules.builtin.ZBoxRule;
import io.lrp4j.testkit.RuleContract;

class ZBoxRuleContractTest implements RuleContract<ZBoxRule> {
    @Override
    public ZBoxRule rule() {
        return new ZBoxRule();
    }

    @Override
    public String parameters() {
        return "low=-1,high=2";
    }
}

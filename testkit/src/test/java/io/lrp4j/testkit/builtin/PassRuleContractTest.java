package io.lrp4j.testkit.builtin;

import io.lrp4j.rules.builtin.PassRule;
import io.lrp4j.testkit.ActivationRuleContract;

class PassRuleContractTest implements ActivationRuleContract<PassRule> {
    @Override
    public PassRule rule() {
        return new PassRule();
    }
}

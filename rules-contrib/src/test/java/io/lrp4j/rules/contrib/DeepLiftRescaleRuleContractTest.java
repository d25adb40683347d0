package io.lrp4j.rules.contrib;

import io.lrp4j.testkit.RuleContract;

class DeepLiftRescaleRuleContractTest implements RuleContract<DeepLiftRescaleRule> {
    @Override
    public DeepLiftRescaleRule rule() {
        return new DeepLiftRescaleRule();
    }
}

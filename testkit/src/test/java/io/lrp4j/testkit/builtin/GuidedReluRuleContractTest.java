package io.lrp4j.testkit.builtin;

import io.lrp4j.rules.builtin.GuidedReluRule;
import io.lrp4j.testkit.ActivationRuleContract;

class GuidedReluRuleContractTest implements ActivationRuleContract<GuidedReluRule> {
    @Override
    public GuidedReluRule rule() {
        return new GuidedReluRule();
    }
}

package io.lrp4j.testkit.builtin;

import io.lrp4j.rules.builtin.DeconvnetReluRule;
import io.lrp4j.testkit.ActivationRuleContract;

class DeconvnetReluRuleContractTest implements ActivationRuleContract<DeconvnetReluRule> {
    @Override
    public DeconvnetReluRule rule() {
        return new DeconvnetReluRule();
    }
}

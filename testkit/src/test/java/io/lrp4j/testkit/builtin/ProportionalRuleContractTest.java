package io.lrp4j.testkit.builtin;

import io.lrp4j.rules.builtin.ProportionalRule;
import io.lrp4j.testkit.LayerKind;
import io.lrp4j.testkit.RuleContract;
import java.util.List;

class ProportionalRuleContractTest implements RuleContract<ProportionalRule> {
    @Override
    public ProportionalRule rule() {
        return new ProportionalRule();
    }

    @Override
    public List<LayerKind> layers() {
        return List.of(LayerKind.DENSE, LayerKind.CONV, LayerKind.AVG_POOL);
    }
}

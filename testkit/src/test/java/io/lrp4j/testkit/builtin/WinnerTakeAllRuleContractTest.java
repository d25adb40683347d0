package io.lrp4j.testkit.builtin;

import io.lrp4j.rules.builtin.WinnerTakeAllRule;
import io.lrp4j.testkit.LayerKind;
import io.lrp4j.testkit.RuleContract;
import java.util.List;

class WinnerTakeAllRuleContractTest implements RuleContract<WinnerTakeAllRule> {
    @Override
    public WinnerTakeAllRule rule() {
        return new WinnerTakeAllRule();
    }

    @Override
    public List<LayerKind> layers() {
        return List.of(LayerKind.MAX_POOL);
    }
}

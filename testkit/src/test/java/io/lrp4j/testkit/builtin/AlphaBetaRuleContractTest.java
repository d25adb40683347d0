package io.lrp4j.testkit.builtin;

import io.lrp4j.rules.builtin.AlphaBetaRule;
import io.lrp4j.testkit.RuleContract;

class AlphaBetaRuleContractTest implements RuleContract<AlphaBetaRule> {
    @Override
    public AlphaBetaRule rule() {
        return new AlphaBetaRule();
    }

    @Override
    public String parameters() {
        return "alpha=2,beta=1";
    }
}

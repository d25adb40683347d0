package io.lrp4j.testkit.builtin;

import io.lrp4j.rules.builtin.Lrp0Rule;
import io.lrp4j.testkit.RuleContract;

class Lrp0RuleContractTest implements RuleContract<Lrp0Rule> {
    @Override
    public Lrp0Rule rule() {
        return new Lrp0Rule();
    }
}

package io.lrp4j.engine.plan;

import io.lrp4j.engine.registry.BoundRule;

/**
 * A rule together with the selector that put it on a stage.
 *
 * @param selector the selector as written
 * @param rule the rule with its arguments
 */
public record PlannedRule(Selector selector, BoundRule rule) {
}

/**
 * Which rule serves which stage: selectors, and the plan that applies ordered selector-to-rule assignments to a
 * compiled network and checks that every stage is served by a rule that fits it.
 */
package io.lrp4j.engine.plan;

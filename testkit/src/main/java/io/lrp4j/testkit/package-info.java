/**
 * Property-based contracts for rules, on QuickTheories inside JUnit 5. A rule author writes
 * {@code class MyRuleContractTest implements RuleContract<MyRule>} and supplies the rule; the contract reads the
 * rule's {@code @Rule} guarantees and checks exactly those, plus the properties every rule has. Failures print the
 * shrunk case and the seed that reproduces it ({@code -Dlrp4j.testkit.seed=...}).
 */
package io.lrp4j.testkit;

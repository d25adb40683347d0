/**
 * Discovery and lookup of rules and composites. {@link io.lrp4j.engine.registry.ClasspathScanner} is the only class
 * that knows ClassGraph; {@link io.lrp4j.engine.registry.RuleRegistry} checks every class it finds and resolves the
 * names and parameters users write.
 */
package io.lrp4j.engine.registry;

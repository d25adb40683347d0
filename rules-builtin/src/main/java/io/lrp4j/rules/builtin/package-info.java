/**
 * The built-in rules and composites, numerically identical to the peer (Zennit) as fixed by the reference README.
 * They are discovered by the same classpath scan as third-party rules; nothing lists them by hand.
 */
package io.lrp4j.rules.builtin;

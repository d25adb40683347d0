/**
 * Deliberately broken rules. The contracts must reject every one of them; no marker resource lists this package,
 * so the classpath scan must not find them either.
 */
package io.lrp4j.testkit.broken;

/** A contract test for every built-in rule, written the way a third-party rule author writes one. */
package io.lrp4j.testkit.builtin;

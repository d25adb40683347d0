/**
 * Contributed rules from the literature: {@code epsilon-std}, {@code epsilon-even} and {@code deeplift-rescale}.
 * This package depends on the api only and is found by the classpath scan through its own marker resource.
 */
package io.lrp4j.rules.contrib;

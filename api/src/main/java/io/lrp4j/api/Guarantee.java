package io.lrp4j.api;

/**
 * A property a rule promises for every layer it serves, checked by the property-based testkit.
 */
public enum Guarantee {
    /**
     * With {@code bias=false} (or zero biases), the relevance summed over a layer's inputs equals the relevance
     * summed over its outputs.
     */
    CONSERVATION,
    /** Non-negative upper relevance gives non-negative lower relevance. */
    POSITIVITY
}

package io.lrp4j.api;

/** The inputs a rule's guarantees assume. */
public enum Inputs {
    /** Inputs of either sign. */
    ANY,
    /** Non-negative inputs, such as the outputs of a ReLU. */
    NON_NEGATIVE,
    /** Inputs within the rule's own {@code low} and {@code high} parameters, such as pixels in {@code [0, 1]}. */
    BOUNDED
}

package io.lrp4j.testkit;

/** The layer views a contract generates. */
public enum LayerKind {
    /** Dense layers with random shapes, weights and biases. */
    DENSE,
    /** Convolutions with random shapes, strides, padding, weights and biases. */
    CONV,
    /**
     * A recurrent cell at a time step after the first: one linear map over {@code [x_t ; h_(t-1)]} with weight
     * {@code [W ; RW]}, where {@code h_(t-1)} is the rectified output of the previous step under the same weights (so
     * it is non-negative with exact zeros, as in a ReLU RNN), kept inside the rule's input domain.
     */
    RECURRENT,
    /** Max pooling. */
    MAX_POOL,
    /** Average pooling. */
    AVG_POOL;

    boolean weighted() {
        return this == DENSE || this == CONV || this == RECURRENT;
    }
}

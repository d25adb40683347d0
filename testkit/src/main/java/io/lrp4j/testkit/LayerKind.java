package io.lrp4j.testkit;

/** The layer views a contract generates. */
public enum LayerKind {
    /** Dense layers with random shapes, weights and biases. */
    DENSE,
    /** Convolutions with random shapes, strides, padding, weights and biases. */
    CONV,
    /** Max pooling. */
    MAX_POOL,
    /** Average pooling. */
    AVG_POOL;

    boolean weighted() {
        return this == DENSE || this == CONV;
    }
}

package io.lrp4j.engine.evaluation;

/** The order in which regions are perturbed. */
public enum Order {
    /** Most relevant first: a good explanation makes the score fall fast (a large AOPC). */
    MORF,
    /** Least relevant first: a good explanation keeps the score up (a small, or negative, AOPC). */
    LERF
}

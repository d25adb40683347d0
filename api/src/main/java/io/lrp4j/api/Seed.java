package io.lrp4j.api;

/** What the backward pass starts from at the network's output. */
public enum Seed {
    /** {@code onehot(target) * score[target]}, the pre-softmax score: relevance that sums to the score. */
    SCORE,
    /** {@code onehot(target)}: a gradient of the target's pre-softmax score. */
    UNIT
}

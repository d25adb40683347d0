package io.lrp4j.engine.network;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How a stage with several inputs (an element-wise Add, a concatenation) reads them: joined into one array, which
 * the stage and its rule see as their input, and whose relevance is split back into one array per input.
 */
public interface Join {
    /** The inputs as the one array the stage reads; a new array, which the inputs do not share. */
    INDArray join(INDArray[] inputs);

    /** The relevance at the joined input, as one new array per input, each of that input's shape. */
    INDArray[] split(INDArray relevance, INDArray[] inputs);
}

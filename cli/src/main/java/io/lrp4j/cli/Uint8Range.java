package io.lrp4j.cli;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How {@code lrp explain} reads uint8 input, the usual type of image files: as {@code value / 255} in [0, 1], the
 * range of the demo model and of most image models ({@code unit}, the default), or as the raw 0 to 255
 * ({@code raw}). Other types are read as they are.
 */
enum Uint8Range {
    /** 0 to 255 becomes 0 to 1. */
    UNIT,
    /** 0 to 255 stays 0 to 255. */
    RAW;

    /** The input as the model sees it: uint8 scaled as chosen, in float32; any other type unchanged. */
    INDArray apply(INDArray x) {
        if (x.dataType() != DataType.UINT8) {
            return x;
        }
        INDArray values = x.castTo(DataType.FLOAT);
        return this == UNIT ? values.divi(255) : values;
    }
}

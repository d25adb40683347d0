package io.lrp4j.cli.demo;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Values in {@code [0, 255]} as unsigned bytes, rounded. */
final class Nd4jBytes {
    private Nd4jBytes() {
    }

    static byte[] of(INDArray values) {
        INDArray rounded = Transforms.round(values.castTo(DataType.FLOAT), true);
        // Java bytes are signed: 128..255 wrap to -128..-1, which is exactly their unsigned bit pattern.
        INDArray wrapped = rounded.subi(rounded.gt(127).castTo(DataType.FLOAT).muli(256));
        return wrapped.castTo(DataType.INT8).dup('c').data().asBytes();
    }
}

package io.lrp4j.rules.builtin;

import io.lrp4j.api.LinearView;
import io.lrp4j.api.Stabilizer;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The plain proportional step {@code x * T(R / s(z))} shared by lrp-0, epsilon and proportional. */
final class Proportions {
    private Proportions() {
    }

    static INDArray epsilon(LinearView layer, INDArray upper, double eps, boolean withBias) {
        // The forward pass already holds z, and z without the bias follows from it: no product is run again. With the
        // bias, the quotient takes z's place: on the 1024-unit MLP a new quotient was the call's peak memory.
        INDArray ratio = withBias
                ? Stabilizer.divideInPlace(upper, layer.takeOutput(), eps)
                : Stabilizer.divide(upper, layer.outputWithoutBias(), eps);
        layer.releaseUpper();
        return layer.transpose(ratio, layer.weight()).muli(layer.input());
    }
}

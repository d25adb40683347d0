package io.lrp4j.testkit;

import io.lrp4j.api.Inputs;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Random arrays from a seed. Non-zero magnitudes lie in {@code [0.5, 2]}, so that a denominator is small only when
 * contributions cancel or are missing, never because every value is tiny; a share of exact zeros mimics ReLU
 * outputs.
 */
final class Values {
    private final Random random;

    Values(long seed) {
        this.random = new Random(seed);
    }

    /** Signed values with a share of zeros. */
    INDArray signed(double zeros, long... shape) {
        return array(shape, () -> random.nextDouble() < zeros ? 0.0
                : (random.nextBoolean() ? 1 : -1) * (0.5 + 1.5 * random.nextDouble()));
    }

    /** Values for a rule's declared input domain. */
    INDArray inputs(Inputs domain, double low, double high, double zeros, long... shape) {
        return switch (domain) {
            case ANY -> signed(zeros, shape);
            case NON_NEGATIVE -> org.nd4j.linalg.ops.transforms.Transforms.abs(signed(zeros, shape), false);
            case BOUNDED -> array(shape, () -> low + (high - low) * random.nextDouble());
        };
    }

    private static INDArray array(long[] shape, java.util.function.DoubleSupplier values) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        double[] data = java.util.stream.DoubleStream.generate(values).limit(n).toArray();
        return Nd4j.create(data, shape, DataType.DOUBLE);
    }
}

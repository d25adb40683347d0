package io.lrp4j.testkit;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.lrp4j.api.Inputs;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.quicktheories.core.Gen;

/**
 * Generators of layer cases, float32 and float64 alike. Shapes and the value seed shrink, so a failure is reported at
 * a small layer.
 */
public final class LayerCases {
    private LayerCases() {
    }

    /**
     * Layers of one kind with inputs from a domain.
     *
     * @param kind the layer kind
     * @param domain where inputs come from
     * @param low lower input bound, used for {@link Inputs#BOUNDED}
     * @param high upper input bound, used for {@link Inputs#BOUNDED}
     * @param positiveUpper whether the upper relevance is non-negative
     */
    public static Gen<LayerCase> of(LayerKind kind, Inputs domain, double low, double high, boolean positiveUpper) {
        Gen<int[]> shape = integers().between(1, 3).zip(integers().between(1, 3), integers().between(1, 4),
                integers().between(2, 6), (batch, channels, outputs, size) -> new int[] {batch, channels, outputs,
                        size});
        Gen<int[]> geometry = integers().between(1, 3).zip(integers().between(1, 2), integers().between(0, 1),
                integers().between(0, 1), (k, stride, pad, withBias) -> new int[] {k, stride, pad, withBias});
        return longs().between(0, 1_000_000).zip(shape, geometry, (seed, s, g) -> inType(build(kind, domain, low,
                high, positiveUpper, seed, s, g), seed % 2 == 1 ? DataType.FLOAT : DataType.DOUBLE));
    }

    private static LayerCase build(LayerKind kind, Inputs domain, double low, double high, boolean positiveUpper,
            long seed, int[] s, int[] g) {
        Values v = new Values(seed);
        int batch = s[0];
        int channels = s[1];
        int outputs = s[2];
        int size = s[3];
        double zeros = seed % 3 == 0 ? 0.3 : 0.0;
        boolean bias = g[3] == 1;
        switch (kind) {
            case DENSE -> {
                int nIn = channels * size;
                INDArray x = v.inputs(domain, low, high, zeros, batch, nIn);
                INDArray w = v.signed(0.0, nIn, outputs);
                INDArray b = bias ? v.signed(0.0, 1, outputs) : null;
                return withUpper(new LayerCase(kind, x, w, b, null, null, null, null, seed), v, positiveUpper);
            }
            case RECURRENT -> {
                int nIn = size;
                int n = outputs + 1;
                INDArray w = v.signed(0.0, nIn + n, n);
                INDArray b = bias ? v.signed(0.0, 1, n) : null;
                // The previous step from the zero state, then rectified and kept in the domain: h_(t-1) >= 0.
                INDArray before = v.inputs(domain, low, high, zeros, batch, nIn);
                INDArray z = before.mmul(w.get(NDArrayIndex.interval(0, nIn), NDArrayIndex.all()));
                if (b != null) {
                    z.addiRowVector(b);
                }
                INDArray h = Transforms.relu(z, false);
                if (domain == Inputs.BOUNDED) {
                    h = Transforms.min(Transforms.max(h, low, false), high, false);
                }
                INDArray x = Nd4j.hstack(v.inputs(domain, low, high, zeros, batch, nIn), h);
                return withUpper(new LayerCase(kind, x, w, b, null, null, null, null, seed), v, positiveUpper);
            }
            case CONV -> {
                int k = Math.min(g[0], size + 2 * g[2]);
                INDArray x = v.inputs(domain, low, high, zeros, batch, channels, size, size);
                INDArray w = v.signed(0.0, outputs, channels, k, k);
                INDArray b = bias ? v.signed(0.0, 1, outputs) : null;
                return withUpper(new LayerCase(kind, x, w, b, new int[] {g[1], g[1]}, new int[] {g[2], g[2]}, null,
                        null, seed), v, positiveUpper);
            }
            default -> {
                int window = Math.min(g[0] + 1, size);
                INDArray x = v.inputs(domain, low, high, zeros, batch, channels, size, size);
                return withUpper(new LayerCase(kind, x, null, null, new int[] {g[1], g[1]}, null,
                        new int[] {window, window}, null, seed), v, positiveUpper);
            }
        }
    }

    /**
     * The case in a data type: odd seeds give float32, as real models are, even ones float64, so every property sees
     * both and a failure shrinks within its type's half.
     */
    private static LayerCase inType(LayerCase c, DataType type) {
        if (type == DataType.DOUBLE) {
            return c;
        }
        return new LayerCase(c.kind(), c.x().castTo(type), c.w() == null ? null : c.w().castTo(type),
                c.b() == null ? null : c.b().castTo(type), c.stride(), c.padding(), c.window(), c.upper().castTo(type),
                c.seed());
    }

    private static LayerCase withUpper(LayerCase c, Values v, boolean positive) {
        INDArray out = c.view().output();
        INDArray upper = v.signed(0.0, out.shape());
        return c.withUpper(positive ? org.nd4j.linalg.ops.transforms.Transforms.abs(upper, false) : upper);
    }
}

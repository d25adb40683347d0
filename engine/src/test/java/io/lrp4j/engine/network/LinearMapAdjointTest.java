package io.lrp4j.engine.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Every map's transpose is its adjoint: {@code <T(g), x> = <g, forward(x)>} for a linear map, and, for max pooling
 * (positively homogeneous), {@code <T(g) at x, x> = <g, forward(x)>}. This pins every stride, padding, dilation and
 * mode without an external oracle.
 */
class LinearMapAdjointTest {
    record Case(String name, LinearMap map, long[] inputShape, INDArray weight) {
    }

    static ConvolutionGeometry geometry(int k, int s, int p, int d, ConvolutionMode mode) {
        return new ConvolutionGeometry(new int[] {k, k}, new int[] {s, s}, new int[] {p, p}, new int[] {d, d}, mode);
    }

    static List<Case> cases() {
        Nd4j.getRandom().setSeed(5);
        INDArray w3 = Nd4j.randn(DataType.DOUBLE, 4, 3, 3, 3);
        INDArray w2 = Nd4j.randn(DataType.DOUBLE, 2, 3, 2, 2);
        return List.of(
                new Case("dense", new DenseMap(7), new long[] {3, 7}, Nd4j.randn(DataType.DOUBLE, 7, 5)),
                new Case("conv truncate pad 1", new ConvolutionMap(geometry(3, 1, 1, 1, ConvolutionMode.Truncate), 3),
                        new long[] {2, 3, 7, 6}, w3),
                new Case("conv truncate stride 2", new ConvolutionMap(geometry(3, 2, 0, 1, ConvolutionMode.Truncate),
                        3), new long[] {2, 3, 8, 9}, w3),
                new Case("conv same stride 2", new ConvolutionMap(geometry(3, 2, 0, 1, ConvolutionMode.Same), 3),
                        new long[] {2, 3, 8, 7}, w3),
                // Padding on both sides, but the last window ends on an input row: no crop by the padding fits.
                new Case("conv 1x1 stride 2 pad 1", new ConvolutionMap(geometry(1, 2, 1, 1, ConvolutionMode.Truncate),
                        3), new long[] {2, 3, 4, 5}, Nd4j.randn(DataType.DOUBLE, 4, 3, 1, 1)),
                new Case("conv dilation 2", new ConvolutionMap(geometry(2, 1, 1, 2, ConvolutionMode.Truncate), 3),
                        new long[] {2, 3, 7, 7}, w2),
                new Case("conv truncate pad 1, one row per band", new ConvolutionMap(geometry(3, 1, 1, 1,
                        ConvolutionMode.Truncate), 3, 0), new long[] {2, 3, 7, 6}, w3),
                new Case("conv same stride 2, one row per band", new ConvolutionMap(geometry(3, 2, 0, 1,
                        ConvolutionMode.Same), 3, 0), new long[] {2, 3, 8, 7}, w3),
                new Case("conv dilation 2, one row per band", new ConvolutionMap(geometry(2, 1, 1, 2,
                        ConvolutionMode.Truncate), 3, 0), new long[] {2, 3, 7, 7}, w2),
                new Case("avg pool include pad", new PoolingMap(false, geometry(2, 1, 1, 1, ConvolutionMode.Truncate),
                        true), new long[] {2, 3, 5, 5}, null),
                new Case("avg pool exclude pad same", new PoolingMap(false, geometry(3, 2, 0, 1, ConvolutionMode.Same),
                        false), new long[] {2, 3, 6, 7}, null),
                new Case("max pool overlapping", new PoolingMap(true, geometry(3, 1, 0, 1, ConvolutionMode.Truncate),
                        false), new long[] {2, 3, 6, 6}, null),
                new Case("max pool stride 2", new PoolingMap(true, geometry(2, 2, 0, 1, ConvolutionMode.Truncate),
                        false), new long[] {2, 3, 6, 6}, null),
                new Case("depthwise x2 truncate pad 1 stride 2", new DepthwiseConvolutionMap(geometry(3, 2, 1, 1,
                        ConvolutionMode.Truncate), 3), new long[] {2, 3, 7, 6}, Nd4j.randn(DataType.DOUBLE, 3, 3, 3, 2)),
                new Case("depthwise x1 same dilation 2", new DepthwiseConvolutionMap(geometry(2, 1, 0, 2,
                        ConvolutionMode.Same), 3), new long[] {2, 3, 6, 7}, Nd4j.randn(DataType.DOUBLE, 2, 2, 3, 1)),
                new Case("deconv truncate pad 1 stride 2", new DeconvolutionMap(geometry(3, 2, 1, 1,
                        ConvolutionMode.Truncate), 3, 4), new long[] {2, 3, 5, 4}, w3.permute(1, 0, 2, 3).dup()),
                new Case("deconv same stride 2", new DeconvolutionMap(geometry(3, 2, 0, 1, ConvolutionMode.Same), 3, 4),
                        new long[] {2, 3, 5, 4}, w3.permute(1, 0, 2, 3).dup()),
                new Case("deconv dilation 2 stride 3", new DeconvolutionMap(geometry(2, 3, 0, 2,
                        ConvolutionMode.Truncate), 3, 2), new long[] {2, 3, 4, 3}, w2.permute(1, 0, 2, 3).dup()),
                new Case("global avg", new GlobalPoolingMap(false, true), new long[] {2, 3, 5, 4}, null),
                new Case("global max", new GlobalPoolingMap(true, false), new long[] {2, 3, 5, 4}, null));
    }

    @Test
    void transposeIsTheAdjointOfForward() {
        for (Case c : cases()) {
            INDArray x = Nd4j.randn(DataType.DOUBLE, c.inputShape());
            INDArray z = c.map().forward(x, c.weight(), null);
            INDArray g = Nd4j.randn(DataType.DOUBLE, z.shape());
            INDArray t = c.map().transpose(g, c.weight(), x);
            assertArrayEquals(x.shape(), t.shape(), c.name() + ": transpose shape");
            double left = t.mul(x).sumNumber().doubleValue();
            double right = g.mul(z).sumNumber().doubleValue();
            assertEquals(right, left, 1e-9 * Math.max(1, Math.abs(right)), c.name());
        }
    }

    /** Bands of output rows give what one band gives, in both directions, for every convolution geometry. */
    @Test
    void bandsGiveWhatOneBandGives() {
        Nd4j.getRandom().setSeed(11);
        INDArray w3 = Nd4j.randn(DataType.DOUBLE, 4, 3, 3, 3);
        INDArray w2 = Nd4j.randn(DataType.DOUBLE, 4, 3, 2, 2);
        INDArray b = Nd4j.randn(DataType.DOUBLE, 1, 4);
        List<ConvolutionGeometry> geometries = List.of(geometry(3, 1, 1, 1, ConvolutionMode.Truncate),
                geometry(3, 2, 0, 1, ConvolutionMode.Truncate), geometry(3, 2, 2, 1, ConvolutionMode.Truncate),
                geometry(3, 1, 0, 1, ConvolutionMode.Same), geometry(3, 2, 0, 1, ConvolutionMode.Same),
                geometry(2, 1, 1, 2, ConvolutionMode.Truncate), geometry(2, 3, 0, 1, ConvolutionMode.Truncate),
                // One band runs libnd4j's own Same padding, bands pad explicitly the way DL4J does: they must agree.
                geometry(3, 1, 0, 2, ConvolutionMode.Same), geometry(2, 2, 0, 2, ConvolutionMode.Same));
        // float64 runs libnd4j's own kernels, float32 its oneDNN ones (and the strided kernel slices of the
        // channel bands of a transposed sum).
        for (DataType type : List.of(DataType.DOUBLE, DataType.FLOAT)) {
        double tolerance = type == DataType.DOUBLE ? 1e-12 : 1e-5;
        for (ConvolutionGeometry g : geometries) {
            INDArray w = (g.kernel()[0] == 3 ? w3 : w2).castTo(type);
            INDArray bias = b.castTo(type);
            for (long[] shape : List.of(new long[] {2, 3, 9, 8}, new long[] {1, 3, 10, 5}, new long[] {3, 3, 7, 6})) {
                INDArray x = Nd4j.randn(DataType.DOUBLE, shape).castTo(type);
                ConvolutionMap whole = new ConvolutionMap(g, 3, Long.MAX_VALUE);
                INDArray z = whole.forward(x, w, bias);
                // One image's im2col buffer and two products' worth of its channels: bands of one whole image.
                long oneImage = z.size(2) * z.size(3) * (3L * w.size(2) * w.size(3) + 2 * z.size(1));
                for (ConvolutionMap banded : List.of(new ConvolutionMap(g, 3, 0), new ConvolutionMap(g, 3, oneImage))) {
                    String name = type + " " + java.util.Arrays.toString(shape) + " " + g.mode() + " k" + g.kernel()[0] + " s"
                            + g.stride()[0] + " p" + g.padding()[0] + " d" + g.dilation()[0]
                            + " budget " + banded.bandBudget();
                    assertEquals(0, z.sub(banded.forward(x, w, bias)).amaxNumber().doubleValue(), tolerance,
                            name + " forward");
                    INDArray up = Nd4j.randn(DataType.DOUBLE, z.shape()).castTo(type);
                    assertEquals(0, whole.transpose(up, w, x).sub(banded.transpose(up, w, x)).amaxNumber()
                            .doubleValue(), tolerance, name + " transpose");
                    // Banded transposeSum adds both products per band: it must equal two whole transposes.
                    INDArray up2 = Nd4j.randn(DataType.DOUBLE, z.shape()).castTo(type);
                    INDArray w2nd = w.mul(-0.5).addi(1);
                    INDArray twoTransposes = whole.transpose(up, w, x).addi(whole.transpose(up2, w2nd, x));
                    assertEquals(0, twoTransposes.sub(banded.transposeSum(up, w, up2, w2nd, x)).amaxNumber()
                            .doubleValue(), tolerance, name + " banded transposeSum");
                }
            }
        }
        }
    }

    /**
     * Inside an explanation whose largest activation is smaller than the kernel, convolutions run as matrix products
     * (no oneDNN copy of the kernel): forward, transpose and the sum of two transposes give what libnd4j's own ops
     * give, for stored kernels and others, in float32 and float64.
     */
    @Test
    void kernelsLargerThanTheLargestActivationRunAsMatrixProducts() {
        Nd4j.getRandom().setSeed(13);
        List<ConvolutionGeometry> geometries = List.of(geometry(3, 1, 1, 1, ConvolutionMode.Truncate),
                geometry(3, 2, 0, 1, ConvolutionMode.Truncate), geometry(1, 2, 0, 1, ConvolutionMode.Truncate),
                geometry(3, 2, 0, 1, ConvolutionMode.Same), geometry(1, 2, 1, 1, ConvolutionMode.Truncate));
        for (DataType type : List.of(DataType.DOUBLE, DataType.FLOAT)) {
            double tolerance = type == DataType.DOUBLE ? 1e-12 : 1e-5;
            for (ConvolutionGeometry g : geometries) {
                int k = g.kernel()[0];
                INDArray w = Nd4j.randn(DataType.DOUBLE, 6, 5, k, k).castTo(type);
                INDArray bias = Nd4j.randn(DataType.DOUBLE, 1, 6).castTo(type);
                INDArray x = Nd4j.randn(DataType.DOUBLE, 2, 5, 6, 7).castTo(type);
                ConvolutionMap map = new ConvolutionMap(g, 5);
                INDArray stored = map.stored(w);
                String name = type + " k" + k + " s" + g.stride()[0] + " p" + g.padding()[0] + " " + g.mode();
                for (INDArray kernel : List.of(w, stored)) {
                    INDArray z = map.forward(x, kernel, bias);
                    INDArray up = Nd4j.randn(DataType.DOUBLE, z.shape()).castTo(type);
                    INDArray up2 = Nd4j.randn(DataType.DOUBLE, z.shape()).castTo(type);
                    INDArray t = map.transpose(up, kernel, x);
                    INDArray sum = map.transposeSum(up, kernel, up2, w, x);
                    assertFalse(map.byColumns(kernel), name + ": oneDNN outside an explanation");
                    BandBudget.during(() -> {
                        BandBudget.record(kernel.length() - 1);
                        assertEquals(true, map.byColumns(kernel), name + ": products inside");
                        assertEquals(0, z.sub(map.forward(x, kernel, bias)).amaxNumber().doubleValue(), tolerance,
                                name + " forward");
                        assertEquals(0, t.sub(map.transpose(up, kernel, x)).amaxNumber().doubleValue(), tolerance,
                                name + " transpose");
                        assertEquals(0, sum.sub(map.transposeSum(up, kernel, up2, w, x)).amaxNumber().doubleValue(),
                                tolerance, name + " transposeSum");
                        return null;
                    });
                }
            }
        }
    }

    @Test
    void biasIsAddedPerOutputUnit() {
        INDArray x = Nd4j.randn(DataType.DOUBLE, 2, 3, 5, 5);
        INDArray w = Nd4j.randn(DataType.DOUBLE, 4, 3, 3, 3);
        INDArray b = Nd4j.createFromArray(1.0, 2.0, 3.0, 4.0).reshape(1, 4);
        ConvolutionMap map = new ConvolutionMap(geometry(3, 1, 1, 1, ConvolutionMode.Truncate), 3);
        INDArray diff = map.forward(x, w, b).sub(map.forward(x, w, null));
        for (int unit = 0; unit < 4; unit++) {
            assertEquals(unit + 1.0, diff.get(NDArrayIndex.all(), NDArrayIndex.point(unit)).meanNumber().doubleValue(),
                    1e-12);
        }
    }
    /**
     * A kernel laid out as the map stores it gives what DL4J's layout gives: forward, transpose, and the sum of two
     * transposes whether both kernels are stored or only one is, in one band or in bands of one row.
     */
    @Test
    void aStoredKernelGivesWhatTheUsualLayoutGives() {
        for (Case c : cases()) {
            if (!(c.map() instanceof ConvolutionMap)) {
                continue;
            }
            INDArray w = c.weight();
            INDArray stored = c.map().stored(w);
            assertEquals(w, stored, c.name() + ": same values");
            assertFalse(java.util.Arrays.equals(w.stride(), stored.stride()), c.name() + ": laid out otherwise");
            assertSame(stored, c.map().stored(stored), c.name() + ": stored once");
            INDArray x = Nd4j.randn(DataType.DOUBLE, c.inputShape());
            INDArray z = c.map().forward(x, w, null);
            assertEquals(0, z.sub(c.map().forward(x, stored, null)).amaxNumber().doubleValue(), 1e-12,
                    c.name() + " forward");
            INDArray g1 = Nd4j.randn(DataType.DOUBLE, z.shape());
            INDArray g2 = Nd4j.randn(DataType.DOUBLE, z.shape());
            INDArray w2 = w.mul(-0.5);
            INDArray t = c.map().transpose(g1, w, x);
            assertEquals(0, t.sub(c.map().transpose(g1, stored, x)).amaxNumber().doubleValue(), 1e-12,
                    c.name() + " transpose");
            INDArray sum = c.map().transposeSum(g1, w, g2, w2, x);
            assertEquals(0, sum.sub(c.map().transposeSum(g1, stored, g2, c.map().stored(w2), x)).amaxNumber()
                    .doubleValue(), 1e-12, c.name() + " transposeSum, both stored");
            assertEquals(0, sum.sub(c.map().transposeSum(g1, stored, g2, w2, x)).amaxNumber().doubleValue(), 1e-12,
                    c.name() + " transposeSum, one stored");
        }
    }
}

package io.lrp4j.engine.summary;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Spectral relevance analysis on heatmaps made with a known number of strategies. */
class SpectralClustersTest {
    /** {@code sizes[s]} heatmaps of strategy s: relevance on the s-th quarter of 32 pixels, plus noise. */
    private static INDArray strategies(long seed, int... sizes) {
        Nd4j.getRandom().setSeed(seed);
        int n = java.util.Arrays.stream(sizes).sum();
        INDArray maps = Nd4j.rand(DataType.DOUBLE, n, 32).muli(0.2);
        int row = 0;
        for (int s = 0; s < sizes.length; s++) {
            maps.get(NDArrayIndex.interval(row, row + sizes[s]), NDArrayIndex.interval(8 * s, 8 * s + 8)).addi(1);
            row += sizes[s];
        }
        return maps;
    }

    @Test
    void twoStrategiesGiveTwoGroupsAndEachHeatmapItsOwn() {
        SpectralClusters.Result r = new SpectralClusters(8, 6, 1).of(strategies(3, 40, 25));
        assertEquals(2, r.clusters(), java.util.Arrays.toString(r.eigenvalues()));
        assertArrayEquals(new long[] {40, 25}, r.sizes());
        for (int i = 0; i < 65; i++) {
            assertEquals(i < 40 ? 0 : 1, r.assignment()[i], "heatmap " + i);
        }
        // The graph has two loose parts: two eigenvalues near 0, then a step.
        assertTrue(r.eigenvalues()[0] < 1e-8 && r.eigenvalues()[1] < 0.05 && r.eigenvalues()[2] > 0.3,
                java.util.Arrays.toString(r.eigenvalues()));
    }

    @Test
    void threeStrategiesGiveThreeGroups() {
        SpectralClusters.Result r = new SpectralClusters(8, 6, 1).of(strategies(4, 30, 20, 25));
        assertEquals(3, r.clusters(), java.util.Arrays.toString(r.eigenvalues()));
        assertArrayEquals(new long[] {30, 25, 20}, r.sizes());
        assertEquals(r.assignment()[0], r.assignment()[29]);
        assertEquals(1, r.assignment()[74], "the second largest group is the third strategy");
        assertEquals(2, r.assignment()[30]);
    }
}

package io.lrp4j.engine.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lrp4j.engine.ExplainException;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The explanatory power index: document vectors and the nearest-neighbour vote against cases worked by hand. */
class ExplanatoryPowerTest {
    @Test
    void aDocumentVectorIsItsWordsVectorsWeightedByRelevanceWithoutThePadding() {
        INDArray embedding = Nd4j.createFromArray(new double[][] {{0, 0}, {1, 0}, {0, 1}, {1, 1}});
        INDArray ids = Nd4j.createFromArray(new double[][] {{0, 1, 3}, {2, 2, 0}});
        // The padding's relevance (5 and 9) must not count, though id 0's vector is zero here: use id 3 as padding
        // in the second call to see it.
        INDArray relevance = Nd4j.createFromArray(new double[][] {{5, 2, -1}, {1, 0.5, 9}});
        INDArray docs = ExplanatoryPower.documentVectors(ids, relevance, embedding, 0);
        // 2 (1, 0) - (1, 1) = (1, -1); (0, 1) + 0.5 (0, 1) = (0, 1.5).
        assertArrayEquals(new double[] {1, -1, 0, 1.5}, docs.reshape(4).toDoubleVector(), 1e-12);
        INDArray padThree = ExplanatoryPower.documentVectors(ids, relevance, embedding, 3);
        // Id 3 is padding now: 5 (0, 0) + 2 (1, 0) = (2, 0); the second document keeps its id-0 word (vector 0).
        assertArrayEquals(new double[] {2, 0, 0, 1.5}, padThree.reshape(4).toDoubleVector(), 1e-12);
    }

    @Test
    void theVoteOfKNeighboursBreaksTiesTowardsTheNearer() {
        // Unit vectors. The asked document (class 0) is nearest n0 (class 0), then n1, then n2 (both class 1).
        INDArray neighbours = unit(new double[][] {{1, 0}, {0.8, 0.6}, {0, 1}});
        INDArray neighbourClasses = Nd4j.createFromArray(new double[][] {{1, 0}, {0, 1}, {0, 1}});
        INDArray asked = unit(new double[][] {{0.9, 0.1}});
        INDArray askedClasses = Nd4j.createFromArray(new double[][] {{1, 0}});
        // k = 1: class 0; k = 2: one vote each, the nearer (class 0) wins; k = 3: class 1.
        assertArrayEquals(new double[] {1, 1, 0}, ExplanatoryPower.accuracyByK(neighbours, neighbourClasses, asked,
                askedClasses, 3).toDoubleVector(), 0);
        // Asked from the other side, the tie at k = 2 goes the other way.
        INDArray other = unit(new double[][] {{0.75, 0.7}});
        assertArrayEquals(new double[] {0, 0, 0}, ExplanatoryPower.accuracyByK(neighbours, neighbourClasses, other,
                askedClasses, 3).toDoubleVector(), 0);
    }

    @Test
    void separableClassesScoreOneAndLabelsUnrelatedToTheVectorsScoreChance() {
        Nd4j.getRandom().setSeed(3);
        int n = 400;
        INDArray labels = Nd4j.linspace(DataType.DOUBLE, 0.0, n - 1.0, n).fmod(4);
        // Class c sits near the c-th axis.
        INDArray docs = Nd4j.rand(DataType.DOUBLE, n, 4).muli(0.1);
        for (int c = 0; c < 4; c++) {
            docs.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(c, 4, n), org.nd4j.linalg.indexing.NDArrayIndex
                    .point(c)).addi(1);
        }
        ExplanatoryPower epi = new ExplanatoryPower(5, 45, 11);
        ExplanatoryPower.Result separable = epi.of("separable", docs, labels);
        assertEquals(1.0, separable.epi(), 0);
        assertEquals(1, separable.bestK());
        assertEquals(45, separable.meanAccuracy().length);
        ExplanatoryPower.Result noise = epi.of("noise", Nd4j.randn(DataType.DOUBLE, n, 4), labels);
        // Chance is 1/4; the best of 45 noisy means lies a little above it.
        assertTrue(noise.epi() > 0.2 && noise.epi() < 0.36, "noise EPI " + noise.epi());
        assertTrue(noise.standardError() > 0, "splits differ");
    }

    @Test
    void tooFewDocumentsAreRefused() {
        ExplainException e = assertThrows(ExplainException.class, () -> new ExplanatoryPower(2, 3, 1).of("m",
                Nd4j.ones(DataType.DOUBLE, 1, 2), Nd4j.zeros(DataType.DOUBLE, 1)));
        assertTrue(e.getMessage().contains("at least 2 documents"), e.getMessage());
    }

    private static INDArray unit(double[][] rows) {
        INDArray a = Nd4j.createFromArray(rows);
        return a.diviColumnVector(a.norm2(1).reshape(rows.length, 1));
    }
}

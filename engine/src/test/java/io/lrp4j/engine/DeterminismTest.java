package io.lrp4j.engine;

import io.lrp4j.engine.TestNets.TestNet;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The same rows give the same bits however they are scheduled: first or later on a thread, after a block of another
 * shape, on whichever thread of a {@link BlockExplainer}. Convolutions run in bands whose size follows the
 * activations, and a band of other rows lays the product out differently, which changes rounding; these tests fail
 * when a call bands by what an earlier call learned.
 */
class DeterminismTest {
    private static final TestNet NET = TestNets.fashionCnn(41);

    @Test
    void aBlockGivesTheSameBitsOnItsFirstAndLaterCalls() {
        for (String composite : new String[] {"epsilon-plus", "epsilon-gamma-box(low=0,high=1)"}) {
            Explainer explainer = Explainer.forModel(NET.net()).composite(composite).build();
            INDArray x = NET.input(64, 42);
            INDArray first = explainer.explain(x).relevance();
            INDArray second = explainer.explain(x).relevance();
            Approx.assertSameBits(first, second, composite + ": the second call of the same block");
            explainer.explain(NET.input(7, 43)).close();
            Approx.assertSameBits(first, explainer.explain(x).relevance(), composite + ": after a block of another shape");
        }
    }

    @Test
    void aFreshExplainerAgreesWithAWarmOne() {
        INDArray x = NET.input(64, 44);
        Explainer warm = Explainer.forModel(NET.net()).method(Method.GRADIENT).build();
        warm.explain(NET.input(64, 45)).close();
        INDArray fresh = Explainer.forModel(NET.net()).method(Method.GRADIENT).build().explain(x).relevance();
        Approx.assertSameBits(fresh, warm.explain(x).relevance(), "gradient");
    }

    @Test
    void blocksGiveTheSameBitsWhateverTheNumberOfThreads() {
        Explainer explainer = Explainer.forModel(NET.net()).composite("epsilon-plus").build();
        INDArray x = NET.input(200, 46);
        INDArray one = new BlockExplainer(explainer, 64, 1).explain(x, Target.argmax());
        for (int threads : new int[] {2, 3}) {
            INDArray many = new BlockExplainer(explainer, 64, threads).explain(x, Target.argmax());
            for (int from = 0; from < 200; from += 64) {
                Approx.assertSameBits(one.get(NDArrayIndex.interval(from, Math.min(200, from + 64))),
                        many.get(NDArrayIndex.interval(from, Math.min(200, from + 64))),
                        threads + " threads, rows from " + from);
            }
        }
    }
}

package io.lrp4j.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lrp4j.engine.TestNets.TestNet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

class BlockExplainerTest {
    private final TestNet net = TestNets.cnn(true, 31);
    private final Explainer explainer = Explainer.forModel(net.net()).composite("epsilon-plus").build();

    @Test
    void blocksOnThreadsGiveWhatEachBlockGivesAloneInRowOrder() {
        INDArray x = net.input(10, 32);
        INDArray parallel = new BlockExplainer(explainer, 3, 3).explain(x, Target.argmax());
        for (int from = 0; from < 10; from += 3) {
            int to = Math.min(10, from + 3);
            INDArray alone = explainer.explain(x.get(NDArrayIndex.interval(from, to))).relevance();
            Approx.assertSameBits(alone, parallel.get(NDArrayIndex.interval(from, to)), "rows " + from + " to " + to);
        }
        Approx.assertClose(explainer.explain(x).relevance(), parallel, 1e-5, "blocks against one batch");
    }

    @Test
    void theSinkSeesBlocksInOrderOnTheCallingThreadAndEachIsFreedAfter() {
        List<Long> starts = new ArrayList<>();
        List<INDArray> seen = new ArrayList<>();
        Thread caller = Thread.currentThread();
        INDArray x = net.input(11, 33);
        new BlockExplainer(explainer, 2, BlockExplainer.AUTO).explain(11, (from, n) -> x.get(NDArrayIndex.interval(
                from, from + n)), Target.argmax(), (from, relevance) -> {
                    assertTrue(Thread.currentThread() == caller, "the sink runs on the caller's thread");
                    assertFalse(relevance.wasClosed(), "readable while the sink has it");
                    starts.add(from);
                    seen.add(relevance);
                });
        assertEquals(List.of(0L, 2L, 4L, 6L, 8L, 10L), starts);
        assertTrue(seen.stream().allMatch(INDArray::wasClosed), "each block's memory is freed once the sink is done");
    }

    @Test
    void aFailingBlockFailsTheRunWithItsOwnMessage() {
        INDArray x = net.input(6, 34).dup();
        x.putScalar(new long[] {4, 0, 1, 1}, Double.NaN);
        ExplainException e = assertThrows(ExplainException.class,
                () -> new BlockExplainer(explainer, 2, 2).explain(x, Target.argmax()));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
    }

    @Test
    void badSizesAreRefused() {
        assertThrows(ExplainException.class, () -> new BlockExplainer(explainer, 0, 1));
        assertThrows(ExplainException.class, () -> new BlockExplainer(explainer, 4, -1));
        assertEquals(Runtime.getRuntime().availableProcessors(),
                new BlockExplainer(explainer, 4, BlockExplainer.AUTO).threads());
    }
}

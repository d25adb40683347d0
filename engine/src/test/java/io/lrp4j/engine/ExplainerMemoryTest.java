package io.lrp4j.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lrp4j.engine.TestNets.TestNet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** What an explainer keeps between calls: its cached weights, and nothing else. */
class ExplainerMemoryTest {
    @Test
    void cachedBytesCountEachModifiedWeightOnce() {
        TestNet t = TestNets.mlp(true, 21);
        Explainer e = Explainer.forModel(t.net()).rule("z+").build();
        assertEquals(0, e.cachedBytes(), "nothing is cached before the first call");
        INDArray x = t.input(4, 22);
        e.explain(x);
        // z+ on non-negative input (pixels in [0, 1), then ReLU outputs) needs w+ of each dense layer, nothing more.
        long expected = (6 * 24 + 24 * 16 + 16 * 3) * 4L;
        assertEquals(expected, e.cachedBytes());
        e.explain(x);
        assertEquals(expected, e.cachedBytes(), "a second call reuses what the first one cached");
    }

    @Test
    void noWorkspaceMemoryOutlivesTheCall() {
        for (TestNet t : List.of(TestNets.cnn(true, 23), TestNets.cnnSame(24))) {
            Explainer e = Explainer.forModel(t.net()).composite("epsilon-gamma-box(low=0,high=1)").build();
            e.explain(t.input(3, 25));
            for (MemoryWorkspace ws : Nd4j.getWorkspaceManager().getAllWorkspacesForCurrentThread()) {
                assertTrue(!ws.getId().startsWith("lrp4j-") || ws.getCurrentSize() == 0,
                        ws.getId() + " still holds " + ws.getCurrentSize() + " bytes after the call");
            }
        }
    }
}

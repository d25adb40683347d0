package io.lrp4j.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lrp4j.engine.TestNets.TestNet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What an explainer keeps between calls: its cached weights and, per thread, the arrays of its last call's shapes for
 * reuse; and that reuse never changes what an earlier call returned nor what a later one computes.
 */
class ExplainerMemoryTest {
    @Test
    void cachedBytesCountEachModifiedWeightOnce() {
        TestNet t = TestNets.mlp(true, 21);
        Explainer e = Explainer.forModel(t.net()).rule("z+").build();
        assertEquals(0, e.cachedBytes(), "nothing is cached before the first call");
        INDArray x = t.input(4, 22);
        e.explain(x);
        // z+ on non-negative input (pixels in [0, 1), then ReLU outputs) needs w+ and b+ of each dense layer, nothing
        // more.
        long expected = (6 * 24 + 24 * 16 + 16 * 3 + 24 + 16 + 3) * 4L;
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

    /**
     * Scoring (region perturbation's forward passes) frees its activations when it returns, not when the garbage
     * collector runs: the process's resident memory stays about flat over many calls, and the scores stay intact.
     */
    @Test
    void scoringFreesItsActivations() {
        System.gc();
        TestNet t = TestNets.fashionCnn(27);
        Explainer e = Explainer.forModel(t.net()).method(Method.GRADIENT).build();
        INDArray x = t.input(64, 28);
        INDArray first = e.scores(x).dup();
        e.scores(x);
        long before = org.bytedeco.javacpp.Pointer.physicalBytes();
        // One call's first convolution's output (16 channels), every row's; a call's activations are several times it.
        long perCall = 64L * 16 * 28 * 28 * 4;
        INDArray last = null;
        for (int i = 0; i < 40; i++) {
            last = e.scores(x);
        }
        long grown = org.bytedeco.javacpp.Pointer.physicalBytes() - before;
        // Without the release, 40 calls grew it by 350 MB; with it by about 20 MB (the pool, the JIT, malloc's arenas).
        assertTrue(grown < 20 * perCall, "40 calls left " + grown + " native bytes behind (one call's first"
                + " activation: " + perCall + ")");
        assertEquals(first, last, "the scores are intact");
    }

    private static final List<String> COMPOSITES =
            List.of("epsilon-plus", "epsilon-gamma-box(low=0,high=1)", "epsilon-alpha2-beta1");

    @Test
    void aLaterCallNeverWritesIntoWhatAnEarlierOneReturned() {
        for (TestNet t : TestNet.all(31)) {
            for (Explainer e : explainers(t)) {
                INDArray x1 = t.input(3, 32);
                Explanation first = e.explain(x1, Target.argmax(), true);
                List<INDArray> returned = returnedArrays(first);
                List<INDArray> copies = returned.stream().map(INDArray::dup).toList();
                e.explain(t.input(3, 33), Target.argmax(), true);
                e.explain(t.input(3, 34));
                for (int i = 0; i < returned.size(); i++) {
                    assertEquals(copies.get(i), returned.get(i), t.net().getLayerWiseConfigurations().getConfs().size()
                            + "-layer net, returned array " + i + " changed by later calls");
                }
            }
        }
    }

    @Test
    void aCallOnReusedArraysComputesWhatACallOnFreshOnesDoes() {
        for (TestNet t : TestNet.all(35)) {
            for (Explainer e : explainers(t)) {
                INDArray x = t.input(4, 36);
                Explainer.releaseReusableArrays();
                INDArray fresh = e.explain(x).relevance();
                // Another input first, so the kept arrays hold its numbers, not zeros or this input's.
                e.explain(t.input(4, 37).muli(-3));
                INDArray reused = e.explain(x).relevance();
                assertArrayEquals(fresh.data().asFloat(), reused.data().asFloat(), 0f);
            }
        }
    }

    @Test
    void closingAnExplanationFreesEveryArrayItHoldsOnce() {
        TestNet t = TestNets.cnn(true, 45);
        Explanation e = Explainer.forModel(t.net()).composite("epsilon-plus").build().explain(t.input(3, 46),
                Target.argmax(), true);
        List<INDArray> arrays = new java.util.ArrayList<>(List.of(e.relevance(), e.scores(), e.targets()));
        e.stages().forEach(r -> arrays.add(r.relevance()));
        e.close();
        for (INDArray a : arrays) {
            assertTrue(a.wasClosed() || !a.closeable(), "freed, or a view of one that is");
        }
        assertTrue(e.relevance().wasClosed() && e.scores().wasClosed() && e.targets().wasClosed());
        e.close();
    }

    @Test
    void aRelevanceHandedBackMidStepChangesNoReportNorResult() {
        // Layers of the input's shape: a rule's transpose takes the very array its relevance was, handed back.
        TestNet t = TestNets.squareMlp(43);
        Explainer e = Explainer.forModel(t.net()).rule("epsilon").build();
        INDArray x = t.input(5, 44);
        e.explain(x);
        Explanation handedBack = e.explain(x);
        // Layer relevances kept for the reports: no relevance is handed back.
        Explanation kept = e.explain(x, Target.argmax(), true);
        assertArrayEquals(kept.relevance().data().asFloat(), handedBack.relevance().data().asFloat(), 0f);
        for (int i = 0; i < kept.stages().size(); i++) {
            assertArrayEquals(kept.stages().get(i).absorbed().data().asFloat(),
                    handedBack.stages().get(i).absorbed().data().asFloat(), 1e-6f, "absorbed at stage " + i);
        }
        assertTrue(kept.stages().get(0).absorbed().amaxNumber().doubleValue() > 1e-3,
                "the first layer's bias absorbs relevance");
    }

    @Test
    void betweenCallsAThreadKeepsTheActivationsOfShapesTheInputAlsoHasAndCanFreeThem() {
        TestNet t = TestNets.squareMlp(38);
        Explainer e = Explainer.forModel(t.net()).composite("epsilon-plus").build();
        Explainer.releaseReusableArrays();
        e.explain(t.input(5, 39));
        // Two dense layers of 8 units, each recording its pre-activation and its ReLU output: four [5, 8] arrays,
        // all of the input's shape, which the backward pass still asks for when it is done with them.
        long activations = 4 * 5 * 8 * 4;
        assertEquals(activations, Explainer.releaseReusableArrays());
        assertEquals(0, Explainer.releaseReusableArrays(), "released, nothing is kept");
        e.explain(t.input(5, 39));
        e.explain(t.input(5, 40));
        assertEquals(activations, Explainer.releaseReusableArrays(), "never more than the activations");

        TestNet other = TestNets.mlp(true, 41); // 6 -> 24 -> 16 -> 3: no layer has the input's shape
        Explainer.forModel(other.net()).composite("epsilon-plus").build().explain(other.input(5, 42));
        assertEquals(0, Explainer.releaseReusableArrays(), "shapes the rest of a call cannot use are not kept");
    }

    /**
     * Through a residual graph, where an Add's relevance is split in parts and a skip's two parts are summed: a call
     * that hands arrays back as it goes gives the very bits of one that keeps every array (layer relevance kept), and
     * so does a later call on the arrays an earlier one left for reuse.
     */
    @Test
    void aGraphsSplitAndSummedRelevanceIsHandedBackOnlyWhenDone() {
        org.deeplearning4j.nn.graph.ComputationGraph g = GraphTest.residual(43);
        INDArray x = org.nd4j.linalg.factory.Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 3, 3, 8, 8);
        List<Explainer> all = new java.util.ArrayList<>(List.of(Explainer.forModel(g).method(Method.GRADIENT).build()));
        for (String c : COMPOSITES) {
            all.add(Explainer.forModel(g).composite(c).build());
        }
        for (Explainer e : all) {
            Explainer.releaseReusableArrays();
            INDArray kept = e.explain(x, Target.argmax(), true).relevance();
            INDArray handedBack = e.explain(x).relevance();
            e.explain(x.mul(-2));
            INDArray reused = e.explain(x).relevance();
            assertArrayEquals(kept.data().asFloat(), handedBack.data().asFloat(), 0f, e.method().label());
            assertArrayEquals(kept.data().asFloat(), reused.data().asFloat(), 0f, e.method().label());
        }
    }

    private static List<Explainer> explainers(TestNet t) {
        List<Explainer> all = new java.util.ArrayList<>();
        all.add(Explainer.forModel(t.net()).method(Method.GRADIENT).build());
        for (String c : COMPOSITES) {
            all.add(Explainer.forModel(t.net()).composite(c).build());
        }
        return all;
    }

    private static List<INDArray> returnedArrays(Explanation ex) {
        List<INDArray> all = new java.util.ArrayList<>(List.of(ex.relevance(), ex.scores(), ex.targets()));
        for (StageReport r : ex.stages()) {
            all.add(r.absorbed());
            all.add(r.relevance());
        }
        return all;
    }
}

package io.lrp4j.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lrp4j.engine.TestNets.TestNet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertTrue;
import org.nd4j.linalg.ops.transforms.Transforms;
import static org.nd4j.linalg.api.buffer.DataType.DOUBLE;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Identities every correct implementation satisfies, on networks with random weights. */
class MethodIdentitiesTest {
    static Explanation explain(TestNet t, INDArray x, Method method, String... rules) {
        Explainer.Builder b = Explainer.forModel(t.net()).method(method);
        for (String r : rules) {
            b.rule(r);
        }
        return b.build().explain(x);
    }

    /**
     * LRP-0 is gradient x input on ReLU networks. The identity is exact in the limit of a vanishing stabilizer, so
     * with epsilon 1e-12 on every layer (average pooling included) it must hold to rounding in float64.
     */
    @Test
    void lrp0IsGradientTimesInputOnReluNetworksWithAndWithoutBias() {
        for (TestNet t : List.of(TestNets.mlp(true, 1, DOUBLE), TestNets.cnn(true, 2, DOUBLE),
                TestNets.mlp(false, 3, DOUBLE), TestNets.cnn(false, 4, DOUBLE))) {
            INDArray x = t.input(4, 5);
            INDArray gxi = explain(t, x, Method.GRADIENT_X_INPUT).relevance();
            Approx.assertClose(gxi, explain(t, x, Method.LRP, "lrp-0(bias=true)", "avgpool=lrp-0").relevance(), 1e-3,
                    "lrp-0 with the peer's 1e-6 stabilizer");
            Approx.assertClose(gxi, explain(t, x, Method.LRP, "epsilon(epsilon=1e-12)", "avgpool=epsilon(epsilon=1e-12)")
                    .relevance(), 1e-9, "LRP-0 in the limit of no stabilizer");
        }
    }

    /**
     * Without a bias in the rule, these rules pass on all relevance, layer by layer, up to the peer's stabilizer.
     * The networks are wide enough that no denominator is degenerate (all contributions zero).
     */
    @Test
    void biasFreeRulesConserveRelevanceAtEveryLayer() {
        // w2 and flat ignore the input, so they belong to the first layer: above it they would hand relevance to
        // units that are zero after a ReLU, which pooling cannot pass on.
        for (String[] rules : List.of(new String[] {"z+(bias=false)"}, new String[] {"gamma(bias=false)"},
                new String[] {"gamma(gamma=1.5,bias=false)"}, new String[] {"z+(bias=false)", "first=w2(bias=false)"},
                new String[] {"z+(bias=false)", "first=flat(bias=false)"})) {
            String rule = String.join(" ", rules);
            for (TestNet t : List.of(TestNets.mlp(true, 8, DOUBLE), TestNets.cnn(true, 9, DOUBLE))) {
                INDArray x = t.input(6, 10);
                Explanation e = explain(t, x, Method.LRP, rules);
                double scale = Transforms.abs(e.targetScores()).maxNumber().doubleValue();
                for (StageReport s : e.stages()) {
                    double absorbed = Transforms.abs(s.absorbed()).maxNumber().doubleValue();
                    assertTrue(absorbed <= 1e-5 * scale, rule + " lost " + absorbed / scale + " of the score at "
                            + s.layer().describe() + " " + s.kind());
                }
                // Each layer's stabilizer takes about 1e-6 / |z| of what passes; over a network that adds up.
                Approx.assertClose(e.targetScores(), e.relevanceSums(), 1e-5 * e.stages().size(),
                        rule + " conservation through the network");
            }
        }
    }

    @Test
    void biasedRulesDoNotConserveAndTheLedgerSaysWhere() {
        TestNet t = TestNets.mlp(true, 11);
        Explanation e = explain(t, t.input(6, 12), Method.LRP, "z+");
        INDArray absorbed = e.stages().stream().map(StageReport::absorbed).reduce(INDArray::add).orElseThrow();
        // What the stages absorbed plus what reached the input is the score: the ledger balances.
        Approx.assertClose(e.targetScores(), e.relevanceSums().add(absorbed), 1e-5, "ledger balance");
        double leaked = absorbed.norm1Number().doubleValue();
        assertEquals(true, leaked > 1e-3, "biases absorb relevance under z+ with bias; absorbed " + leaked);
    }

    @Test
    void aBatchGivesWhatEachRowGivesAlone() {
        for (TestNet t : TestNet.all(21)) {
            INDArray x = t.input(5, 22);
            for (String[] config : List.of(new String[] {"lrp", "epsilon(epsilon=0.1)"}, new String[] {"lrp", "z+"},
                    new String[] {"lrp", "alpha-beta"}, new String[] {"gradient"})) {
                Method m = Method.parse(config[0]);
                String[] rules = config.length > 1 ? new String[] {config[1]} : new String[0];
                INDArray batch = explain(t, x, m, rules).relevance();
                for (int row = 0; row < 5; row++) {
                    INDArray alone = explain(t, x.get(NDArrayIndex.interval(row, row + 1)), m, rules).relevance();
                    Approx.assertClose(batch.get(NDArrayIndex.interval(row, row + 1)), alone, 1e-5,
                            String.join(" ", config) + " row " + row);
                }
            }
        }
    }

    @Test
    void oneExplainerSharedByThreadsGivesTheSameAnswers() throws Exception {
        TestNet t = TestNets.cnnBatchNorm(31);
        Explainer explainer = Explainer.forModel(t.net()).composite("epsilon-gamma-box(low=0,high=1)").build();
        List<INDArray> inputs = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            inputs.add(t.input(3, 100 + i));
        }
        List<INDArray> serial = inputs.stream().map(x -> explainer.explain(x).relevance()).toList();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<INDArray>> futures = new ArrayList<>();
            for (INDArray x : inputs) {
                futures.add(pool.submit(() -> explainer.explain(x).relevance()));
            }
            for (int i = 0; i < inputs.size(); i++) {
                Approx.assertClose(serial.get(i), futures.get(i).get(), 0, "thread result " + i);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void neitherTheModelNorTheInputIsModified() {
        for (TestNet t : TestNet.all(41)) {
            INDArray params = t.net().params().dup();
            INDArray x = t.input(3, 42);
            INDArray xCopy = x.dup();
            for (String composite : List.of("epsilon-gamma-box(low=0,high=1)", "epsilon-alpha2-beta1-flat",
                    "guided-backprop")) {
                Explainer.forModel(t.net()).composite(composite).build().explain(x, Target.argmax(), true);
            }
            explain(t, x, Method.GRADIENT_X_INPUT);
            Approx.assertClose(params, t.net().params(), 0, "model parameters");
            Approx.assertClose(xCopy, x, 0, "input");
        }
    }

    @Test
    void gradientSquaredIsTheSquareOfTheGradient() {
        TestNet t = TestNets.cnn(true, 51);
        INDArray x = t.input(3, 52);
        INDArray g = explain(t, x, Method.GRADIENT).relevance();
        Approx.assertClose(g.mul(g), explain(t, x, Method.GRADIENT_SQUARED).relevance(), 1e-6, "gradient^2");
    }

    @Test
    void targetsPickTheExplainedClass() {
        TestNet t = TestNets.mlp(true, 61);
        INDArray x = t.input(3, 62);
        Explainer explainer = Explainer.forModel(t.net()).rule("epsilon").build();
        Explanation byArgmax = explainer.explain(x);
        assertEquals(org.nd4j.linalg.factory.Nd4j.argMax(byArgmax.scores(), 1).castTo(byArgmax.targets().dataType()),
                byArgmax.targets());
        Explanation fixed = explainer.explain(x, Target.index(2));
        assertEquals(2L, fixed.targets().maxNumber().longValue());
        assertEquals(2L, fixed.targets().minNumber().longValue());
        Explanation perRow = explainer.explain(x, Target.perRow(0, 1, 2));
        assertEquals(org.nd4j.linalg.factory.Nd4j.createFromArray(0L, 1L, 2L), perRow.targets());
        // Row 1 explained for class 1 equals a one-row explanation of class 1.
        Approx.assertClose(explainer.explain(x.get(NDArrayIndex.interval(1, 2)), Target.index(1)).relevance(),
                perRow.relevance().get(NDArrayIndex.interval(1, 2)), 1e-6, "per-row target");
    }
}

package io.lrp4j.engine;

import io.lrp4j.engine.TestNets.TestNet;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The engine's own forward pass (folded BatchNorm, im2col convolutions, pooling ops) must reproduce DL4J's
 * inference output on every supported layer configuration; otherwise no relevance it computes can be right.
 */
class ForwardMatchesDl4jTest {
    @Test
    void scoresReproduceDl4jOutputOnEveryLayerConfiguration() {
        for (TestNet t : TestNet.all(7)) {
            INDArray x = t.input(5, 3);
            INDArray scores = Explainer.forModel(t.net()).method(Method.GRADIENT).build().explain(x).scores();
            INDArray expected = t.net().output(x, false);
            Approx.assertClose(expected, Transforms.softmax(scores, true), 1e-5,
                    t.net().getLayerWiseConfigurations().getConfs().size() + "-layer net");
        }
    }

    @Test
    void rulesThatOverwriteRecordedOutputsLeaveTheScoresAndTheKeptRelevancesAlone() {
        for (TestNet t : TestNet.all(9)) {
            INDArray x = t.input(5, 4);
            INDArray expected = t.net().output(x, false);
            for (String composite : java.util.List.of("epsilon-alpha2-beta1", "epsilon-gamma-box(low=-3,high=3)")) {
                Explainer e = Explainer.forModel(t.net()).composite(composite).build();
                Explanation kept = e.explain(x, Target.argmax(), true);
                Explanation plain = e.explain(x, Target.argmax(), false);
                String net = t.net().getLayerWiseConfigurations().getConfs().size() + "-layer net, " + composite;
                Approx.assertClose(expected, Transforms.softmax(kept.scores(), true), 1e-5, net);
                // Keeping each stage's relevance hands no array over twice: the answer is the same without.
                Approx.assertClose(plain.relevance(), kept.relevance(), 0, net);
            }
        }
    }
}

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
}

package io.lrp4j.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.zoo.model.ResNet50;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * deeplearning4j-zoo's ResNet-50 with random weights (pretrained ones cannot be downloaded here): zero padding,
 * BatchNormalizations folded into their convolutions, 16 residual Adds, explained end to end.
 */
class ZooModelsTest {
    @Test
    void resNet50ExplainsEndToEndAndTheLedgerCloses() {
        ComputationGraph g = ResNet50.builder().numClasses(10).build().init();
        // With random weights ResNet-50's activations overflow float32 by its last block (DL4J's own output is
        // infinite); damped BatchNorms keep them finite.
        for (org.deeplearning4j.nn.api.Layer layer : g.getLayers()) {
            INDArray gamma = layer.paramTable().get("gamma");
            if (gamma != null) {
                gamma.assign(0.2);
            }
        }
        Nd4j.getRandom().setSeed(101);
        INDArray x = Nd4j.rand(DataType.FLOAT, 1, 3, 224, 224);
        Explanation e = Explainer.forModel(g).composite("epsilon-plus").build().explain(x);
        assertTrue(Double.isFinite(e.relevance().sumNumber().doubleValue()), "finite relevance");
        Approx.assertClose(e.targetScores(), e.relevanceSums().add(e.absorbed()), 1e-4,
                "score = relevance sum + absorbed");
        long padded = e.stages().stream().filter(s -> s.layer().type().equals("ZeroPaddingLayer")).count();
        long adds = e.stages().stream().filter(s -> s.kind() == io.lrp4j.engine.network.StageKind.ADD).count();
        assertTrue(padded == 1 && adds == 16, padded + " padding, " + adds + " Adds");
    }

    @Test
    void squeezeNetIsExplainedBeforeItsSoftmax() {
        ComputationGraph g = org.deeplearning4j.zoo.model.SqueezeNet.builder().numClasses(10).build().init();
        Nd4j.getRandom().setSeed(102);
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 227, 227);
        Explanation e = Explainer.forModel(g).composite("epsilon-plus").build().explain(x);
        // The scores are the global average pool's output, which DL4J's softmax turns into its output.
        Approx.assertClose(g.outputSingle(x), org.nd4j.linalg.ops.transforms.Transforms.softmax(e.scores(), true),
                1e-4, "DL4J's output is the softmax of the explained scores");
        Approx.assertClose(e.targetScores(), e.relevanceSums().add(e.absorbed()), 1e-4,
                "score = relevance sum + absorbed");
    }
}

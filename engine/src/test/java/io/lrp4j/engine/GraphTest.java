package io.lrp4j.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lrp4j.engine.TestNets.TestNet;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.L2NormalizeVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** ComputationGraphs: chains agree with MultiLayerNetworks, branches sum, and the ledger accounts for every path. */
class GraphTest {
    private static ComputationGraph init(ComputationGraphConfiguration conf, long seed) {
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        Nd4j.getRandom().setSeed(seed);
        g.params().assign(Nd4j.randn(g.params().dataType(), g.params().shape()).muli(0.4));
        return g;
    }

    private static ComputationGraphConfiguration.GraphBuilder builder(long seed) {
        return new NeuralNetConfiguration.Builder().seed(seed).dataType(DataType.FLOAT)
                .activation(Activation.RELU).graphBuilder().addInputs("in");
    }

    /** TestNets.cnn's layers as a graph without branches, with the same parameters. */
    private static ComputationGraph chainOf(TestNet net) {
        ComputationGraph g = new ComputationGraph(builder(1)
                .addLayer("c1", new ConvolutionLayer.Builder(3, 3).nOut(4).padding(1, 1).build(), "in")
                .addLayer("p1", new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build(),
                        "c1")
                .addLayer("c2", new ConvolutionLayer.Builder(2, 2).nOut(5).stride(1, 1).build(), "p1")
                .addLayer("p2", new SubsamplingLayer.Builder(PoolingType.AVG).kernelSize(2, 2).stride(2, 2).build(),
                        "c2")
                .addLayer("d", new DenseLayer.Builder().nOut(6).build(), "p2")
                .addLayer("out", TestNets.output(3, true), "d")
                .setOutputs("out").setInputTypes(InputType.convolutional(10, 10, 2)).build());
        g.init();
        g.params().assign(net.net().params());
        return g;
    }

    /** A residual block with a projection, a concatenation of two branches, and global pooling: input [3, 8, 8]. */
    static ComputationGraph residual(long seed) {
        return init(builder(seed)
                .addLayer("stem", new ConvolutionLayer.Builder(3, 3).nOut(4).padding(1, 1).build(), "in")
                .addLayer("a1", new ConvolutionLayer.Builder(3, 3).nOut(4).padding(1, 1).build(), "stem")
                .addLayer("a2", new ConvolutionLayer.Builder(3, 3).nOut(4).padding(1, 1)
                        .activation(Activation.IDENTITY).build(), "a1")
                .addVertex("add", new ElementWiseVertex(ElementWiseVertex.Op.Add), "a2", "stem")
                .addLayer("relu", new ActivationLayer.Builder().activation(Activation.RELU).build(), "add")
                .addLayer("b1", new ConvolutionLayer.Builder(1, 1).nOut(3).build(), "relu")
                .addLayer("b2", new ConvolutionLayer.Builder(3, 3).nOut(2).padding(1, 1).build(), "relu")
                .addVertex("merge", new MergeVertex(), "b1", "b2")
                .addLayer("gap", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "merge")
                .addLayer("fc", new DenseLayer.Builder().nOut(6).build(), "gap")
                .addLayer("out", TestNets.output(3, true), "fc")
                .setOutputs("out").setInputTypes(InputType.convolutional(8, 8, 3)).build(), seed);
    }

    @Test
    void aGraphWithoutBranchesGivesWhatTheMultiLayerNetworkGives() {
        TestNet net = TestNets.cnn(true, 51);
        ComputationGraph graph = chainOf(net);
        INDArray x = net.input(5, 52);
        Approx.assertClose(net.net().output(x), graph.outputSingle(x), 1e-6, "the same network");
        for (String composite : List.of("epsilon-plus", "epsilon-gamma-box(low=0,high=1)", "epsilon-alpha2-beta1",
                "guided-backprop")) {
            Approx.assertSameBits(Explainer.forModel(net.net()).composite(composite).build().explain(x).relevance(),
                    Explainer.forModel(graph).composite(composite).build().explain(x).relevance(), composite);
        }
        Approx.assertSameBits(Explainer.forModel(net.net()).method(Method.GRADIENT).build().explain(x).relevance(),
                Explainer.forModel(graph).method(Method.GRADIENT).build().explain(x).relevance(), "gradient");
    }

    @Test
    void scoresAreTheGraphsOwnAndTheGradientIsDl4jsInInferenceMode() {
        ComputationGraph g = residual(53);
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 3, 8, 8);
        Explanation e = Explainer.forModel(g).method(Method.GRADIENT).build().explain(x, Target.index(1));
        // DL4J's pre-softmax scores: the output layer's input times its weight plus bias.
        INDArray fc = g.feedForward(x, false).get("fc");
        INDArray scores = fc.mmul(g.getLayer("out").getParam("W")).addRowVector(g.getLayer("out").getParam("b"));
        Approx.assertClose(scores, e.scores(), 1e-5, "scores");
        // The gradient of score 1 by finite differences at one input value, in double precision.
        ComputationGraph d = g.convertDataType(DataType.DOUBLE);
        INDArray xd = x.castTo(DataType.DOUBLE);
        INDArray grad = Explainer.forModel(d).method(Method.GRADIENT).build().explain(xd, Target.index(1))
                .relevance();
        long[] at = {2, 1, 3, 4};
        double numeric = Approx.derivative(in -> score(d, in, 2), xd, at);
        assertEquals(numeric, grad.getDouble(at), 1e-5 * Math.max(1, Math.abs(numeric)), "d score / d x");
    }

    private static double score(ComputationGraph g, INDArray x, int row) {
        INDArray fc = g.feedForward(x, false).get("fc");
        INDArray s = fc.mmul(g.getLayer("out").getParam("W")).addRowVector(g.getLayer("out").getParam("b"));
        return s.getDouble(row, 1);
    }

    @Test
    void theLedgerAccountsForEveryPath() {
        ComputationGraph g = residual(54);
        INDArray x = Nd4j.rand(DataType.FLOAT, 3, 3, 8, 8);
        for (String rule : List.of("z+(bias=false)", "epsilon", "alpha-beta(alpha=2,beta=1)")) {
            Explanation e = Explainer.forModel(g).rule(rule).build().explain(x);
            INDArray residual = e.targetScores().sub(e.relevanceSums()).subi(e.absorbed());
            double scale = Math.max(1e-6, e.targetScores().amaxNumber().doubleValue());
            assertTrue(residual.amaxNumber().doubleValue() <= 1e-5 * scale,
                    rule + ": score = relevance sum + absorbed, within " + residual.amaxNumber());
        }
        // Bias-free z+ passes on everything but what reaches units whose denominator is exactly 0, and the Add
        // (proportional, eps 1e-6) nearly everything.
        Explanation e = Explainer.forModel(g).rule("z+(bias=false)").build().explain(x);
        for (StageReport s : e.stages()) {
            if (s.layer().name().equals("add")) {
                assertTrue(s.absorbed().amaxNumber().doubleValue() <= 1e-4 * e.targetScores().amaxNumber()
                        .doubleValue(), "the Add absorbs only its stabilizer's share: " + s.absorbed());
            }
        }
    }

    @Test
    void aBranchReceivesTheSumOfWhatItsReadersSendBack() {
        ComputationGraph g = residual(55);
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 8, 8);
        Explanation e = Explainer.forModel(g).rule("epsilon").build().explain(x, Target.argmax(), true);
        // 'relu' is read by b1 and b2: its relevance is the sum of their input relevances, so what reaches the
        // activation stage of 'relu' equals the totals of b1's and b2's inputs together.
        INDArray b1 = null;
        INDArray b2 = null;
        INDArray reluIn = null;
        for (StageReport s : e.stages()) {
            switch (s.layer().name()) {
                case "b1" -> b1 = b1 == null ? s.relevance() : b1;
                case "b2" -> b2 = b2 == null ? s.relevance() : b2;
                case "relu" -> reluIn = s.relevance();
                default -> { }
            }
        }
        Approx.assertClose(b1.add(b2), reluIn, 1e-6, "relu passes on the sum of what b1 and b2 sent back");
    }

    @Test
    void blocksOfAGraphGiveWhatEachBlockGivesAlone() {
        ComputationGraph g = residual(56);
        Explainer explainer = Explainer.forModel(g).composite("epsilon-plus").build();
        INDArray x = Nd4j.rand(DataType.FLOAT, 7, 3, 8, 8);
        INDArray blocks = new BlockExplainer(explainer, 3, 2).explain(x, Target.argmax());
        for (int from = 0; from < 7; from += 3) {
            int to = Math.min(7, from + 3);
            Approx.assertSameBits(explainer.explain(x.get(NDArrayIndex.interval(from, to))).relevance(),
                    blocks.get(NDArrayIndex.interval(from, to)), "rows " + from + " to " + to);
        }
        Approx.assertClose(explainer.explain(x).relevance(), blocks, 1e-5, "blocks against one batch");
        INDArray before = g.params().dup();
        INDArray xBefore = x.dup();
        explainer.explain(x);
        Approx.assertSameBits(before, g.params(), "the model is not modified");
        Approx.assertSameBits(xBefore, x, "the input is not modified");
    }

    @Test
    void unsupportedVerticesAndOutputsAreNamedBeforeAnythingRuns() {
        ComputationGraph product = init(builder(57)
                .addLayer("a", new DenseLayer.Builder().nOut(4).build(), "in")
                .addLayer("b", new DenseLayer.Builder().nOut(4).build(), "in")
                .addVertex("times", new ElementWiseVertex(ElementWiseVertex.Op.Product), "a", "b")
                .addLayer("out", TestNets.output(2, true), "times")
                .setOutputs("out").setInputTypes(InputType.feedForward(5)).build(), 57);
        ExplainException e = assertThrows(ExplainException.class,
                () -> Explainer.forModel(product).rule("epsilon").build());
        assertTrue(e.getMessage().contains("'times' (ElementWiseVertex) is not supported: ElementWiseVertex Product"),
                e.getMessage());
        ComputationGraph l2 = init(builder(58)
                .addLayer("a", new DenseLayer.Builder().nOut(4).build(), "in")
                .addVertex("norm", new L2NormalizeVertex(), "a")
                .addLayer("out", TestNets.output(2, true), "norm")
                .setOutputs("out").setInputTypes(InputType.feedForward(5)).build(), 58);
        e = assertThrows(ExplainException.class, () -> Explainer.forModel(l2).rule("epsilon").build());
        assertTrue(e.getMessage().contains("'norm' (L2NormalizeVertex) is not supported; supported vertices:"),
                e.getMessage());
        e = assertThrows(ExplainException.class,
                () -> Explainer.forModel(residual(59)).output("fc").rule("epsilon").build());
        assertTrue(e.getMessage().contains("--output fc names no output of the graph; its outputs are out"),
                e.getMessage());
    }
}

package io.lrp4j.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.UnaryOperator;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.ReshapeVertex;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.deeplearning4j.nn.conf.graph.ShiftVertex;
import org.deeplearning4j.nn.conf.graph.SubsetVertex;
import org.deeplearning4j.nn.conf.graph.rnn.LastTimeStepVertex;
import org.deeplearning4j.nn.conf.graph.rnn.ReverseTimeSeriesVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * The vertices beyond Add and Merge: element-wise Average and Subtract, Scale and Shift, Subset, Reshape, and the
 * time-series vertices. Each gives DL4J's scores, the score's derivative as its gradient, and (bias-free, where the
 * vertex itself adds nothing) conserves relevance.
 */
class VertexTest {
    private static final int FEATURES = 4;

    /** in -> two ReLU dense branches -> the vertex under test -> a dense head with 3 scores. */
    private static ComputationGraph twoBranches(GraphVertex vertex, long seed) {
        return init(new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.DOUBLE).graphBuilder()
                .addInputs("in")
                .addLayer("a", new DenseLayer.Builder().nOut(6).activation(Activation.RELU).build(), "in")
                .addLayer("b", new DenseLayer.Builder().nOut(6).activation(Activation.RELU).build(), "in")
                .addVertex("v", vertex, "a", "b")
                .addLayer("out", new OutputLayer.Builder(LossFunction.MSE).nOut(3).activation(Activation.IDENTITY)
                        .build(), "v")
                .setOutputs("out").setInputTypes(InputType.feedForward(FEATURES)).build(), seed);
    }

    /** in -> a ReLU dense layer -> the vertex under test -> a dense head. */
    private static ComputationGraph oneBranch(GraphVertex vertex, long seed) {
        return init(new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.DOUBLE).graphBuilder()
                .addInputs("in")
                .addLayer("a", new DenseLayer.Builder().nOut(6).activation(Activation.RELU).build(), "in")
                .addVertex("v", vertex, "a")
                .addLayer("out", new OutputLayer.Builder(LossFunction.MSE).nIn(vertex instanceof SubsetVertex ? 3 : 6)
                        .nOut(3).activation(Activation.IDENTITY).build(), "v")
                .setOutputs("out").setInputTypes(InputType.feedForward(FEATURES)).build(), seed);
    }

    private static ComputationGraph init(ComputationGraphConfiguration conf, long seed) {
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        Nd4j.getRandom().setSeed(seed);
        net.params().assign(Nd4j.randn(DataType.DOUBLE, net.params().shape()).muli(0.5));
        return net;
    }

    private static INDArray input(long... shape) {
        Nd4j.getRandom().setSeed(5);
        return Nd4j.rand(DataType.DOUBLE, shape).addi(0.1);
    }

    /** DL4J's scores, the gradient against finite differences, and (with zero biases) conservation under z+. */
    private static void check(String what, ComputationGraph net, INDArray x, boolean conserves) {
        Explanation e = Explainer.forModel(net).rule("z+").build().explain(x);
        Approx.assertClose(net.outputSingle(x), e.scores(), 1e-10, what + ": DL4J's scores");
        INDArray grad = Explainer.forModel(net).method(Method.GRADIENT).build().explain(x, Target.index(1))
                .relevance();
        long[] at = x.rank() == 2 ? new long[] {1, 2} : new long[] {1, 2, 1};
        double numeric = Approx.derivative(in -> net.outputSingle(in).getDouble(at[0], 1), x, at);
        assertEquals(numeric, grad.getDouble(at), 1e-6 * Math.max(1, Math.abs(numeric)), what + ": the gradient");
        if (conserves) {
            TestNets.zeroBiases(net.getLayers());
            Explanation zplus = Explainer.forModel(net).rule("z+(bias=false)").build().explain(x);
            // The vertex passes on what it gets (z+ may drop a unit's relevance elsewhere: no positive contribution).
            double scale = Math.max(1e-3, zplus.targetScores().amaxNumber().doubleValue());
            for (StageReport s : zplus.stages()) {
                if (s.layer().describe().contains("Vertex")) {
                    assertTrue(s.absorbed().amaxNumber().doubleValue() <= 1e-5 * scale,
                            what + ": " + s.layer().describe() + " absorbs " + s.absorbed());
                }
            }
        }
    }

    @Test
    void averageSubtractScaleAndShiftAreElementWiseMaps() {
        check("Average", twoBranches(new ElementWiseVertex(ElementWiseVertex.Op.Average), 1), input(3, FEATURES), true);
        check("Subtract", twoBranches(new ElementWiseVertex(ElementWiseVertex.Op.Subtract), 2), input(3, FEATURES),
                true);
        check("Scale", oneBranch(new ScaleVertex(-1.5), 3), input(3, FEATURES), true);
        check("Shift", oneBranch(new ShiftVertex(0.75), 4), input(3, FEATURES), false);
    }

    @Test
    void aShiftAbsorbsItsShareAsABiasDoes() {
        ComputationGraph net = oneBranch(new ShiftVertex(0.75), 4);
        INDArray x = input(3, FEATURES);
        INDArray a = net.feedForward(x, false).get("a");
        // R_a = a / (a + c) R, as a bias takes its share; with bias=false R_a = R where a is not 0.
        for (String rule : new String[] {"epsilon", "epsilon(bias=false)"}) {
            Explanation e = Explainer.forModel(net).rule("epsilon").rule("add", rule).build()
                    .explain(x, Target.argmax(), true);
            INDArray atShift = relevanceAt(e, "'v'");
            INDArray above = relevanceAt(e, "'out'");
            INDArray expected = rule.equals("epsilon") ? above.mul(a).divi(a.add(0.75))
                    : above.mul(a.gt(0).castTo(DataType.DOUBLE));
            Approx.assertClose(expected, atShift, 1e-5, rule + " at the shift");
        }
    }

    /** The relevance at the input of the stage whose layer description contains {@code name}. */
    private static INDArray relevanceAt(Explanation e, String name) {
        return e.stages().stream().filter(s -> s.layer().describe().contains(name)).findFirst().orElseThrow()
                .relevance();
    }

    @Test
    void subsetAndReshapeMoveRelevanceBackWhereTheValuesCameFrom() {
        check("Subset", oneBranch(new SubsetVertex(2, 4), 5), input(3, FEATURES), true);
        check("Reshape", oneBranch(new ReshapeVertex(-1, 6), 6), input(3, FEATURES), true);
    }

    @Test
    void theTimeSeriesVerticesReadSequences() {
        for (UnaryOperator<ComputationGraphConfiguration.GraphBuilder> last : java.util.List.<UnaryOperator<
                ComputationGraphConfiguration.GraphBuilder>>of(
                g -> g.addVertex("v", new LastTimeStepVertex("in"), "rnn"),
                g -> g.addVertex("rev", new ReverseTimeSeriesVertex("in"), "rnn")
                        .addLayer("rnn2", new SimpleRnn.Builder().nOut(5).activation(Activation.RELU).build(), "rev")
                        .addVertex("v", new LastTimeStepVertex("in"), "rnn2"))) {
            ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder().seed(1)
                    .dataType(DataType.DOUBLE).graphBuilder().addInputs("in")
                    .addLayer("rnn", new SimpleRnn.Builder().nOut(5).activation(Activation.RELU).build(), "in");
            ComputationGraph net = init(last.apply(g)
                    .addLayer("out", new OutputLayer.Builder(LossFunction.MSE).nIn(5).nOut(3)
                            .activation(Activation.IDENTITY).build(), "v")
                    .setOutputs("out").setInputTypes(InputType.recurrent(FEATURES, 5)).build(), 7);
            check(net.getConfiguration().getVertices().keySet().toString(), net, input(2, FEATURES, 5), true);
        }
    }

    @Test
    void productAndMaxAreRefusedByName() {
        for (ElementWiseVertex.Op op : new ElementWiseVertex.Op[] {ElementWiseVertex.Op.Product,
            ElementWiseVertex.Op.Max}) {
            ExplainException e = assertThrows(ExplainException.class,
                    () -> Explainer.forModel(twoBranches(new ElementWiseVertex(op), 8)).rule("epsilon").build());
            assertTrue(e.getMessage().contains("'v'") && e.getMessage().contains("ElementWiseVertex " + op)
                    && e.getMessage().endsWith("Add, Average and Subtract are"), e.getMessage());
        }
    }
}

package io.lrp4j.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.SubsetVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * A graph with two inputs is explained as its one-input twin that reads both from one array through two
 * {@code SubsetVertex}es: the same scores, and each input's relevance and gradient equal to the twin's for that
 * input's columns; the ledger sums over both inputs. Arrays that do not fit the inputs are refused with one line.
 */
class SeveralInputsTest {
    private static final int A = 3;
    private static final int B = 4;

    /** Two dense branches merged, then two dense layers; {@code twin} reads one array and splits it. */
    private static ComputationGraph graph(boolean twin) {
        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder().seed(1)
                .dataType(DataType.DOUBLE).activation(Activation.RELU).graphBuilder();
        if (twin) {
            g.addInputs("x").setInputTypes(InputType.feedForward(A + B))
                    .addVertex("a", new SubsetVertex(0, A - 1), "x")
                    .addVertex("b", new SubsetVertex(A, A + B - 1), "x");
        } else {
            g.addInputs("a", "b").setInputTypes(InputType.feedForward(A), InputType.feedForward(B));
        }
        g.addLayer("da", new DenseLayer.Builder().nOut(5).build(), "a")
                .addLayer("db", new DenseLayer.Builder().nOut(5).build(), "b")
                .addVertex("merge", new MergeVertex(), "da", "db")
                .addLayer("d", new DenseLayer.Builder().nOut(6).build(), "merge")
                .addLayer("out", new OutputLayer.Builder(LossFunction.MSE).nOut(3).activation(Activation.IDENTITY)
                        .build(), "d")
                .setOutputs("out");
        ComputationGraph net = new ComputationGraph(g.build());
        net.init();
        Nd4j.getRandom().setSeed(5);
        for (String layer : List.of("da", "db", "d", "out")) {
            INDArray p = net.getLayer(layer).params();
            p.assign(Nd4j.rand(DataType.DOUBLE, p.shape()).subi(0.3));
        }
        return net;
    }

    private static INDArray columns(INDArray x, int from, int to) {
        return x.get(NDArrayIndex.all(), NDArrayIndex.interval(from, to));
    }

    @Test
    void twoInputsAreExplainedAsTheTwinThatSplitsOneArray() {
        ComputationGraph two = graph(false);
        ComputationGraph one = graph(true);
        assertEquals(two.params(), one.params(), "the twins share their parameters");
        Nd4j.getRandom().setSeed(6);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 4, A + B);
        INDArray a = columns(x, 0, A).dup();
        INDArray b = columns(x, A, A + B).dup();
        for (Method method : List.of(Method.LRP, Method.GRADIENT, Method.GRADIENT_X_INPUT)) {
            Explainer.Builder builder2 = Explainer.forModel(two).method(method);
            Explainer.Builder builder1 = Explainer.forModel(one).method(method);
            if (method == Method.LRP) {
                builder2.composite("epsilon-plus");
                builder1.composite("epsilon-plus");
            }
            Explainer explainer = builder2.build();
            assertEquals(List.of("a", "b"), explainer.inputNames());
            Explanation e2 = explainer.explain(List.of(a, b), Target.index(1), false);
            Explanation e1 = builder1.build().explain(x, Target.index(1));
            Approx.assertClose(two.outputSingle(a, b), e2.scores(), 1e-12, method + ": DL4J's scores");
            assertEquals(2, e2.inputRelevance().size());
            Approx.assertClose(columns(e1.relevance(), 0, A), e2.inputRelevance().get(0), 1e-12, method + ": a");
            Approx.assertClose(columns(e1.relevance(), A, A + B), e2.inputRelevance().get(1), 1e-12, method + ": b");
            assertEquals(e2.relevance(), e2.inputRelevance().get(0), method + ": relevance() is the first input's");
            if (method == Method.LRP) {
                Approx.assertClose(e2.targetScores(), e2.relevanceSums().add(e2.absorbed()), 1e-10,
                        "score = relevance of both inputs + absorbed");
            }
        }
    }

    @Test
    void arraysThatDoNotFitTheInputsAreRefusedWithOneLine() {
        Explainer e = Explainer.forModel(graph(false)).composite("epsilon-plus").build();
        INDArray a = Nd4j.rand(DataType.DOUBLE, 2, A);
        INDArray b = Nd4j.rand(DataType.DOUBLE, 2, B);
        assertEquals("the model has 2 inputs [a, b]: give one array per input (Explainer.explain(List, ...);"
                + " ./lrp explain --input NAME=FILE.npy for each)",
                assertThrows(ExplainException.class, () -> e.explain(a)).getMessage());
        assertEquals("the model has 2 inputs [a, b]; got 3 arrays",
                assertThrows(ExplainException.class, () -> e.explain(List.of(a, b, b), Target.argmax(), false))
                        .getMessage());
        assertEquals("input b has 3 rows and input a 2; every input needs one row per explained row",
                assertThrows(ExplainException.class, () -> e.explain(List.of(a, Nd4j.rand(DataType.DOUBLE, 3, B)),
                        Target.argmax(), false)).getMessage());
        INDArray nan = b.dup();
        nan.putScalar(0, Double.NaN);
        String bad = assertThrows(ExplainException.class, () -> e.explain(List.of(a, nan), Target.argmax(), false))
                .getMessage();
        assertTrue(bad.startsWith("input b: the input contains NaN"), bad);
        assertEquals("a baseline file gives one input's start; this model has 2 inputs: give the baseline as a value",
                assertThrows(ExplainException.class, () -> Explainer.forModel(graph(false))
                        .method(Method.INTEGRATED_GRADIENTS).path(new PathSettings(4, 0, 1, 0, 1, 256, 1, 1)
                                .withBaselineInput(Nd4j.zeros(DataType.DOUBLE, 1, A)))
                        .build().explain(List.of(a, b), Target.argmax(), false)).getMessage());
        String nanCopies = assertThrows(ExplainException.class, () -> Explainer.forModel(graph(false))
                .method(Method.OCCLUSION).build().explain(List.of(a, nan), Target.argmax(), false)).getMessage();
        assertTrue(nanCopies.startsWith("input b: the input contains NaN"), nanCopies);
    }

    /**
     * Integrated gradients (every input along its path at once) and occlusion with a window of one element (each
     * input's windows in turn) give the twin's attributions for each input's columns: the twin's path and windows are
     * the same points. SmoothGrad without noise is the gradient at every input.
     */
    @Test
    void integratedGradientsOcclusionAndSmoothGradTakeSeveralInputs() {
        ComputationGraph two = graph(false);
        ComputationGraph one = graph(true);
        Nd4j.getRandom().setSeed(7);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 5, A + B);
        INDArray a = columns(x, 0, A).dup();
        INDArray b = columns(x, A, A + B).dup();
        // 16 steps, baseline 0.25, window 1, stride 1; internal batches of 12 rows split the copies unevenly.
        PathSettings settings = new PathSettings(16, 0.25, 3, 0, 1, 12, 1, 1);
        for (Method method : List.of(Method.INTEGRATED_GRADIENTS, Method.OCCLUSION)) {
            Explanation e2 = Explainer.forModel(two).method(method).path(settings).build()
                    .explain(List.of(a, b), Target.index(2), false);
            Explanation e1 = Explainer.forModel(one).method(method).path(settings).build()
                    .explain(x, Target.index(2));
            Approx.assertClose(columns(e1.relevance(), 0, A), e2.inputRelevance().get(0), 1e-12, method + ": a");
            Approx.assertClose(columns(e1.relevance(), A, A + B), e2.inputRelevance().get(1), 1e-12, method + ": b");
            assertTrue(e2.inputRelevance().get(1).amaxNumber().doubleValue() > 1e-3, method + ": b has relevance");
        }
        Explanation smooth = Explainer.forModel(two).method(Method.SMOOTHGRAD).path(settings).build()
                .explain(List.of(a, b), Target.index(2), false);
        Explanation gradient = Explainer.forModel(two).method(Method.GRADIENT).build()
                .explain(List.of(a, b), Target.index(2), false);
        for (int k = 0; k < 2; k++) {
            Approx.assertClose(gradient.inputRelevance().get(k), smooth.inputRelevance().get(k), 1e-12,
                    "SmoothGrad without noise, input " + k);
        }
    }
}

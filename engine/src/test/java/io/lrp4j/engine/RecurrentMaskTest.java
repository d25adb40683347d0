package io.lrp4j.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * Feature masks (variable-length sequences): the scores are DL4J's own under the mask, masked steps get no relevance,
 * a row padded at the end is explained as its shorter sequence alone, and what went to constant states is reported.
 */
class RecurrentMaskTest {
    private static final int FEATURES = 4;
    private static final int STEPS = 5;

    /** Row 0 keeps every step, row 1 the first three, row 2 the middle three (padding on both sides). */
    private static INDArray mask(DataType type) {
        return Nd4j.createFromArray(new float[][] {{1, 1, 1, 1, 1}, {1, 1, 1, 0, 0}, {0, 1, 1, 1, 0}})
                .castTo(type);
    }

    private static INDArray input(DataType type) {
        Nd4j.getRandom().setSeed(31);
        return Nd4j.randn(type, 3, FEATURES, STEPS);
    }

    private static List<MultiLayerNetwork> models(DataType type) {
        return List.of(RecurrentTest.relu(RNNFormat.NCW, type, 3), RecurrentTest.lstm(type, 4),
                RecurrentTest.bidirectional(Bidirectional.Mode.CONCAT, true, type, 5),
                RecurrentTest.bidirectional(Bidirectional.Mode.ADD, false, type, 6));
    }

    @Test
    void scoresAreDl4jsOwnUnderTheMask() {
        for (MultiLayerNetwork net : models(DataType.DOUBLE)) {
            INDArray x = input(DataType.DOUBLE);
            INDArray expected = net.output(x, false, mask(DataType.DOUBLE), null);
            Explanation e = Explainer.forModel(net).rule("epsilon").build()
                    .explain(x, mask(DataType.DOUBLE), Target.argmax(), false);
            // Rounding apart (the masked scores differ from the unmasked ones by far more than 1e-7).
            Approx.assertClose(expected, e.scores(), 1e-7, net.getLayer(0).conf().getLayer().toString());
            // The mask matters: without it DL4J's scores differ.
            assertTrue(net.output(x).sub(expected).amaxNumber().doubleValue() > 1e-3);
        }
    }

    @Test
    void maskedStepsGetNothingAndARowPaddedAtTheEndIsItsShorterSequence() {
        for (MultiLayerNetwork net : models(DataType.DOUBLE)) {
            for (String rule : List.of("epsilon", "z+", "gradient")) {
                Explainer explainer = rule.equals("gradient")
                        ? Explainer.forModel(net).method(Method.GRADIENT).build()
                        : Explainer.forModel(net).rule(rule).build();
                INDArray x = input(DataType.DOUBLE);
                INDArray m = mask(DataType.DOUBLE);
                INDArray r = explainer.explain(x, m, Target.argmax(), false).relevance();
                INDArray masked = r.mul(m.rsub(1.0).reshape(3, 1, STEPS));
                assertEquals(0.0, masked.amaxNumber().doubleValue(), rule + ": masked steps get no relevance");
                INDArray prefix = x.get(NDArrayIndex.interval(1, 2), NDArrayIndex.all(), NDArrayIndex.interval(0, 3))
                        .dup();
                INDArray alone = explainer.explain(prefix, Target.argmax(), false).relevance();
                Approx.assertClose(alone, r.get(NDArrayIndex.interval(1, 2), NDArrayIndex.all(),
                        NDArrayIndex.interval(0, 3)), 1e-9, rule + ": row 1 is its first three steps alone");
            }
        }
    }

    @Test
    void aStepOfASequenceOutputIsExplainedUnderTheMaskWhereEveryRowKeepsIt() {
        MultiLayerNetwork net = sequenceOutput();
        INDArray x = input(DataType.DOUBLE);
        INDArray m = mask(DataType.DOUBLE);
        Explanation e = Explainer.forModel(net).rule("epsilon").timeStep(2).build()
                .explain(x, m, Target.argmax(), false);
        Approx.assertClose(net.output(x, false, m, null).get(NDArrayIndex.all(), NDArrayIndex.all(),
                NDArrayIndex.point(2)), e.scores(), 1e-10, "DL4J's scores at step 2");
        ExplainException masked = assertThrows(ExplainException.class, () -> Explainer.forModel(net).rule("epsilon")
                .timeStep(3).build().explain(x, m, Target.argmax(), false));
        assertEquals("time step 3 is masked in row 1, where DL4J's scores are zero; explain a step every row keeps,"
                + " or rows of one length together", masked.getMessage());
    }

    private static MultiLayerNetwork sequenceOutput() {
        return init(new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.DOUBLE).list()
                .layer(new SimpleRnn.Builder().nOut(6).activation(Activation.RELU).build())
                .layer(new RnnOutputLayer.Builder(LossFunction.MSE).nOut(3).activation(Activation.IDENTITY).build())
                .setInputType(InputType.recurrent(FEATURES, STEPS)).build());
    }

    private static MultiLayerNetwork init(org.deeplearning4j.nn.conf.MultiLayerConfiguration conf) {
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        Nd4j.getRandom().setSeed(9);
        net.params().assign(Nd4j.randn(net.params().dataType(), net.params().shape()).muli(0.5));
        return net;
    }

    @Test
    void badMasksGetOneClearLine() {
        MultiLayerNetwork net = RecurrentTest.relu(RNNFormat.NCW, DataType.FLOAT, 3);
        Explainer explainer = Explainer.forModel(net).rule("epsilon").build();
        INDArray x = input(DataType.FLOAT);
        assertEquals("the feature mask must hold only 0 (masked step) and 1 (kept step)", refused(explainer, x,
                mask(DataType.FLOAT).muli(0.5)));
        assertEquals("the feature mask must be [rows, time steps] with the input's 3 rows; got shape [2, 5]",
                refused(explainer, x, Nd4j.ones(DataType.FLOAT, 2, STEPS)));
        assertEquals("the feature mask does not fit layer 0 'layer0' (SimpleRnn): expected [3, 5] (rows, time steps), got"
                + " [3, 4]", refused(explainer, x, Nd4j.ones(DataType.FLOAT, 3, 4)));
        INDArray empty = mask(DataType.FLOAT);
        empty.getRow(2).assign(0);
        assertEquals("the feature mask masks row 2 entirely: a row needs at least one kept step",
                refused(explainer, x, empty));
        INDArray nan = mask(DataType.FLOAT);
        nan.putScalar(0, 0, Double.NaN);
        assertEquals("the feature mask must hold only 0 (masked step) and 1 (kept step)", refused(explainer, x, nan));
        // DL4J pools only the kept steps; the engine's pooling would not.
        ComputationGraph pooled = graph(new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.FLOAT)
                .graphBuilder().addInputs("in")
                .addLayer("rnn", new SimpleRnn.Builder().nOut(6).activation(Activation.RELU).build(), "in")
                .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "rnn")
                .addLayer("out", new OutputLayer.Builder(LossFunction.MSE).nOut(3).activation(Activation.IDENTITY)
                        .build(), "pool")
                .setOutputs("out").setInputTypes(InputType.recurrent(FEATURES, STEPS)).build());
        String message = refused(Explainer.forModel(pooled).rule("epsilon").build(), x, mask(DataType.FLOAT));
        assertTrue(message.startsWith("a feature mask would reach layer 1 'pool' (GlobalPoolingLayer), which lrp4j"
                + " does not explain under a mask"), message);
        MultiLayerNetwork dense = init(new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.FLOAT).list()
                .layer(new org.deeplearning4j.nn.conf.layers.DenseLayer.Builder().nOut(6).build())
                .layer(new OutputLayer.Builder(LossFunction.MSE).nOut(3).activation(Activation.IDENTITY).build())
                .setInputType(InputType.feedForward(FEATURES)).build());
        assertEquals("the model has no recurrent layer for a feature mask to act on", refused(
                Explainer.forModel(dense).rule("epsilon").build(), Nd4j.ones(DataType.FLOAT, 3, FEATURES),
                Nd4j.ones(DataType.FLOAT, 3, FEATURES)));
        assertEquals(x, input(DataType.FLOAT), "the input is not modified");
    }

    /** Two recurrent branches read the masked input, each to its last kept step, and are added: DL4J's scores. */
    @Test
    void everyBranchOfAGraphReadsTheMask() {
        ComputationGraph net = graph(new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.DOUBLE)
                .graphBuilder().addInputs("in")
                .addLayer("a", new LastTimeStep(new SimpleRnn.Builder().nOut(5).activation(Activation.RELU).build()),
                        "in")
                .addLayer("b", new LastTimeStep(new org.deeplearning4j.nn.conf.layers.LSTM.Builder().nOut(5)
                        .activation(Activation.TANH).build()), "in")
                .addVertex("sum", new ElementWiseVertex(ElementWiseVertex.Op.Add), "a", "b")
                .addLayer("out", new OutputLayer.Builder(LossFunction.MSE).nOut(3).activation(Activation.IDENTITY)
                        .build(), "sum")
                .setOutputs("out").setInputTypes(InputType.recurrent(FEATURES, STEPS)).build());
        INDArray x = input(DataType.DOUBLE);
        INDArray m = mask(DataType.DOUBLE);
        Explanation e = Explainer.forModel(net).rule("epsilon").build().explain(x, m, Target.argmax(), false);
        Approx.assertClose(net.output(false, new INDArray[] {x}, new INDArray[] {m})[0], e.scores(), 1e-7,
                "DL4J's scores");
        assertEquals(0.0, e.relevance().mul(m.rsub(1.0).reshape(3, 1, STEPS)).amaxNumber().doubleValue());
    }

    private static ComputationGraph graph(org.deeplearning4j.nn.conf.ComputationGraphConfiguration conf) {
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        Nd4j.getRandom().setSeed(9);
        net.params().assign(Nd4j.randn(net.params().dataType(), net.params().shape()).muli(0.5));
        return net;
    }

    private static String refused(Explainer explainer, INDArray x, INDArray mask) {
        return assertThrows(ExplainException.class, () -> explainer.explain(x, mask, Target.argmax(), false))
                .getMessage();
    }

    @Test
    void whatRulesGiveConstantStatesIsReportedAsTheInitialStates() {
        MultiLayerNetwork net = RecurrentTest.relu(RNNFormat.NCW, DataType.DOUBLE, 3);
        INDArray x = input(DataType.DOUBLE);
        for (INDArray m : new INDArray[] {null, mask(DataType.DOUBLE)}) {
            // flat ignores values and conserves: all a recurrent layer absorbs is what went to constant states.
            Explanation flat = Explainer.forModel(net).rule("flat").build().explain(x, m, Target.argmax(), false);
            for (int layer = 0; layer < 2; layer++) {
                StageReport report = flat.stages().get(layer);
                assertTrue(report.initialState().amaxNumber().doubleValue() > 1e-3, "flat gives h_(-1) relevance");
                // Up to flat's stabilizer (1e-6 of each share).
            Approx.assertClose(report.absorbed(), report.initialState(), 1e-5,
                        "layer " + layer + " absorbs only what went to constant states");
            }
            // epsilon scales with the input: h_(-1) = 0 gets exactly nothing.
            Explanation eps = Explainer.forModel(net).rule("epsilon").build().explain(x, m, Target.argmax(), false);
            assertEquals(0.0, eps.stages().get(0).initialState().amaxNumber().doubleValue());
            assertNull(eps.stages().get(3).initialState(), "a dense layer has no initial state");
        }
    }
}

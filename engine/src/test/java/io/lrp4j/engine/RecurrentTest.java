package io.lrp4j.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GravesLSTM;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/** Recurrent layers: DL4J's scores, the gradient through time, conservation, batches, formats, refusals. */
class RecurrentTest {
    private static final int FEATURES = 4;
    private static final int STEPS = 5;

    private static MultiLayerNetwork init(org.deeplearning4j.nn.conf.MultiLayerConfiguration conf, long seed) {
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        Nd4j.getRandom().setSeed(seed);
        net.params().assign(Nd4j.randn(net.params().dataType(), net.params().shape()).muli(0.5));
        return net;
    }

    private static NeuralNetConfiguration.ListBuilder list(DataType type) {
        return new NeuralNetConfiguration.Builder().seed(1).dataType(type).list();
    }

    /** A sequence-returning ReLU SimpleRnn, then one read at its last step, a dense layer and the scores. */
    static MultiLayerNetwork relu(RNNFormat format, DataType type, long seed) {
        return init(list(type)
                .layer(new SimpleRnn.Builder().nOut(6).activation(Activation.RELU).dataFormat(format).build())
                .layer(new LastTimeStep(new SimpleRnn.Builder().nOut(5).activation(Activation.RELU)
                        .dataFormat(format).build()))
                .layer(new DenseLayer.Builder().nOut(7).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunction.MSE).nOut(3).activation(Activation.IDENTITY).build())
                .setInputType(InputType.recurrent(FEATURES, STEPS, format)).build(), seed);
    }

    static MultiLayerNetwork lstm(DataType type, long seed) {
        return init(list(type)
                .layer(new LastTimeStep(new LSTM.Builder().nOut(6).activation(Activation.TANH)
                        .gateActivationFunction(Activation.SIGMOID).build()))
                .layer(new OutputLayer.Builder(LossFunction.MSE).nOut(3).activation(Activation.IDENTITY).build())
                .setInputType(InputType.recurrent(FEATURES, STEPS)).build(), seed);
    }

    private static INDArray input(int rows, long seed, DataType type) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.randn(type, rows, FEATURES, STEPS);
    }

    @Test
    void scoresAreDl4jsOwn() {
        for (MultiLayerNetwork net : List.of(relu(RNNFormat.NCW, DataType.FLOAT, 61), lstm(DataType.FLOAT, 62))) {
            INDArray x = input(4, 63, DataType.FLOAT);
            Explanation e = Explainer.forModel(net).rule("epsilon").build().explain(x);
            Approx.assertClose(net.output(x), e.scores(), 1e-5, "identity output: the scores are the output");
        }
    }

    @Test
    void theGradientThroughTimeIsTheScoresDerivative() {
        for (MultiLayerNetwork net : List.of(relu(RNNFormat.NCW, DataType.DOUBLE, 64), lstm(DataType.DOUBLE, 65))) {
            INDArray x = input(3, 66, DataType.DOUBLE);
            INDArray grad = Explainer.forModel(net).method(Method.GRADIENT).build().explain(x, Target.index(2))
                    .relevance();
            for (long[] at : new long[][] {{0, 1, 0}, {1, 3, 2}, {2, 0, STEPS - 1}}) {
                double numeric = Approx.derivative(in -> net.output(in).getDouble(at[0], 2), x, at);
                assertEquals(numeric, grad.getDouble(at), 1e-6 * Math.max(1, Math.abs(numeric)),
                        net.getLayer(0).getClass().getSimpleName() + " at " + java.util.Arrays.toString(at));
            }
        }
    }

    /**
     * With zero biases, a unit that is on has a positive contribution, so no z+ denominator is zero where relevance
     * arrives (with biases, a bias alone can switch a unit on, and bias-free z+ drops what reaches it).
     */
    @Test
    void biasFreeZPlusConservesAtEveryLayer() {
        MultiLayerNetwork net = relu(RNNFormat.NCW, DataType.FLOAT, 67);
        TestNets.zeroBiases(net.getLayers());
        INDArray x = input(5, 68, DataType.FLOAT);
        Explanation e = Explainer.forModel(net).rule("z+(bias=false)").build().explain(x);
        double scale = e.targetScores().amaxNumber().doubleValue();
        Approx.assertClose(e.targetScores(), e.relevanceSums(), 1e-5, "the input receives the score");
        for (StageReport s : e.stages()) {
            assertTrue(s.absorbed().amaxNumber().doubleValue() <= 1e-5 * scale,
                    s.layer().describe() + " absorbs " + s.absorbed());
        }
    }

    @Test
    void aBatchGivesWhatEachRowGivesAloneInEitherFormat() {
        MultiLayerNetwork ncw = relu(RNNFormat.NCW, DataType.FLOAT, 69);
        MultiLayerNetwork nwc = relu(RNNFormat.NWC, DataType.FLOAT, 69);
        INDArray x = input(4, 70, DataType.FLOAT);
        for (String rule : List.of("epsilon", "alpha-beta(alpha=2,beta=1)")) {
            Explainer e = Explainer.forModel(ncw).rule(rule).build();
            INDArray batch = e.explain(x).relevance();
            for (int row = 0; row < 4; row++) {
                INDArray alone = e.explain(x.get(NDArrayIndex.interval(row, row + 1))).relevance();
                Approx.assertClose(alone, batch.get(NDArrayIndex.interval(row, row + 1)), 1e-5, rule + " row " + row);
            }
            INDArray swapped = Explainer.forModel(nwc).rule(rule).build().explain(x.permute(0, 2, 1).dup())
                    .relevance();
            Approx.assertClose(batch, swapped.permute(0, 2, 1), 1e-5, rule + ": NWC is NCW transposed");
        }
    }

    @Test
    void neitherModelNorInputChanges() {
        MultiLayerNetwork net = lstm(DataType.FLOAT, 71);
        INDArray params = net.params().dup();
        INDArray x = input(2, 72, DataType.FLOAT);
        INDArray before = x.dup();
        Explainer.forModel(net).rule("epsilon").build().explain(x);
        Explainer.forModel(net).method(Method.GRADIENT_X_INPUT).build().explain(x);
        Approx.assertSameBits(params, net.params(), "parameters");
        Approx.assertSameBits(before, x, "input");
    }

    @Test
    void compositesGiveRecurrentCellsTheDenseLayersRule() {
        for (String composite : List.of("epsilon-plus", "epsilon-gamma-box(low=0,high=1)", "epsilon-alpha2-beta1",
                "epsilon-plus(epsilon=0.25)", "guided-backprop")) {
            Explanation e = Explainer.forModel(lstm(DataType.FLOAT, 75)).composite(composite).build()
                    .explain(input(2, 76, DataType.FLOAT));
            String cell = e.stages().get(0).rule();
            String dense = e.stages().get(e.stages().size() - 1).rule();
            assertEquals(dense, cell, composite + ": the cell map is a dense map over [x_t ; h_(t-1)]");
        }
    }

    @Test
    void activationAndDropoutLayersBetweenRecurrentLayers() {
        MultiLayerNetwork net = init(list(DataType.DOUBLE)
                .layer(new SimpleRnn.Builder().nOut(5).activation(Activation.IDENTITY).build())
                .layer(new org.deeplearning4j.nn.conf.layers.ActivationLayer.Builder().activation(Activation.TANH)
                        .build())
                .layer(new org.deeplearning4j.nn.conf.layers.DropoutLayer.Builder(0.5).build())
                .layer(new LastTimeStep(new LSTM.Builder().nOut(4).activation(Activation.TANH).build()))
                .layer(new OutputLayer.Builder(LossFunction.MSE).nOut(3).activation(Activation.IDENTITY).build())
                .setInputType(InputType.recurrent(FEATURES, STEPS)).build(), 77);
        INDArray x = input(3, 78, DataType.DOUBLE);
        Explanation e = Explainer.forModel(net).method(Method.GRADIENT).build().explain(x, Target.index(0));
        Approx.assertClose(net.output(x), e.scores(), 1e-10, "DL4J's scores, dropout off at inference");
        long[] at = {1, 2, 3};
        double numeric = Approx.derivative(in -> net.output(in).getDouble(1, 0), x, at);
        assertEquals(numeric, e.relevance().getDouble(at), 1e-6 * Math.max(1, Math.abs(numeric)));
    }

    @Test
    void oneTimeStepOfASequenceOutputIsExplainedAndLaterStepsDoNotMatter() {
        MultiLayerNetwork net = init(list(DataType.FLOAT)
                .layer(new SimpleRnn.Builder().nOut(6).activation(Activation.RELU).build())
                .layer(new org.deeplearning4j.nn.conf.layers.RnnOutputLayer.Builder(LossFunction.MSE).nOut(3)
                        .activation(Activation.IDENTITY).build())
                .setInputType(InputType.recurrent(FEATURES, STEPS)).build(), 79);
        INDArray x = input(2, 80, DataType.FLOAT);
        int t = 2;
        Explainer explainer = Explainer.forModel(net).rule("epsilon").timeStep(t).build();
        Explanation e = explainer.explain(x);
        Approx.assertClose(net.output(x).get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(t)),
                e.scores(), 1e-5, "the scores at step 2");
        INDArray later = e.relevance().get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(t + 1, STEPS));
        assertEquals(0.0, later.amaxNumber().doubleValue(), "no relevance after the explained step");
        INDArray changed = x.dup();
        changed.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(t + 1, STEPS)).assign(7.0);
        Approx.assertSameBits(e.relevance().get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, t + 1)),
                explainer.explain(changed).relevance().get(NDArrayIndex.all(), NDArrayIndex.all(),
                        NDArrayIndex.interval(0, t + 1)), "what follows the explained step changes nothing before it");
        Approx.assertClose(net.output(x).get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(STEPS - 1)),
                Explainer.forModel(net).rule("epsilon").build().explain(x).scores(), 1e-5, "the last step by default");
        ExplainException out = assertThrows(ExplainException.class,
                () -> Explainer.forModel(net).rule("epsilon").timeStep(STEPS).build().explain(x));
        assertTrue(out.getMessage().contains("time step 5 is out of range: the sequence has 5 steps (0 to 4"),
                out.getMessage());
    }

    static MultiLayerNetwork bidirectional(Bidirectional.Mode mode, boolean lstm, DataType type, long seed) {
        org.deeplearning4j.nn.conf.layers.Layer inner = lstm
                ? new LSTM.Builder().nOut(4).activation(Activation.TANH).build()
                : new SimpleRnn.Builder().nOut(4).activation(Activation.RELU).build();
        return init(list(type)
                .layer(new LastTimeStep(new Bidirectional(mode, inner)))
                .layer(new OutputLayer.Builder(LossFunction.MSE).nOut(3).activation(Activation.IDENTITY).build())
                .setInputType(InputType.recurrent(FEATURES, STEPS)).build(), seed);
    }

    @Test
    void bidirectionalLayersReadBothWaysAndSplitRelevanceBack() {
        for (Bidirectional.Mode mode : List.of(Bidirectional.Mode.CONCAT, Bidirectional.Mode.ADD,
                Bidirectional.Mode.AVERAGE)) {
            MultiLayerNetwork net = bidirectional(mode, true, DataType.DOUBLE, 85);
            INDArray x = input(2, 86, DataType.DOUBLE);
            Explanation g = Explainer.forModel(net).method(Method.GRADIENT).build().explain(x, Target.index(1));
            Approx.assertClose(net.output(x), g.scores(), 1e-10, mode + ": DL4J's scores");
            for (long[] at : new long[][] {{0, 1, 0}, {1, 2, STEPS - 1}, {1, 0, 2}}) {
                double numeric = Approx.derivative(in -> net.output(in).getDouble(at[0], 1), x, at);
                assertEquals(numeric, g.relevance().getDouble(at), 1e-6 * Math.max(1, Math.abs(numeric)),
                        mode + " gradient at " + java.util.Arrays.toString(at));
            }
            // Zero biases, ReLU cells, bias-free z+: each direction conserves, and the split of the sum or the
            // concatenation loses nothing.
            MultiLayerNetwork relu = bidirectional(mode, false, DataType.FLOAT, 87);
            TestNets.zeroBiases(relu.getLayers());
            Explanation e = Explainer.forModel(relu).rule("z+(bias=false)").build()
                    .explain(input(3, 88, DataType.FLOAT));
            Approx.assertClose(e.targetScores(), e.relevanceSums(), 1e-5, mode + ": z+ conserves both ways");
        }
    }

    @Test
    void layersWithoutARuleYetAreNamed() {
        MultiLayerNetwork graves = init(list(DataType.FLOAT)
                .layer(new GravesLSTM.Builder().nOut(3).build())
                .layer(new LastTimeStep(new SimpleRnn.Builder().nOut(3).build()))
                .layer(new OutputLayer.Builder(LossFunction.MSE).nOut(2).activation(Activation.IDENTITY).build())
                .setInputType(InputType.recurrent(FEATURES, STEPS)).build(), 73);
        ExplainException e = assertThrows(ExplainException.class,
                () -> Explainer.forModel(graves).rule("epsilon").build());
        assertTrue(e.getMessage().contains("(GravesLSTM) is not supported"), e.getMessage());
        MultiLayerNetwork product = init(list(DataType.FLOAT)
                .layer(new LastTimeStep(new Bidirectional(Bidirectional.Mode.MUL,
                        new SimpleRnn.Builder().nOut(3).build())))
                .layer(new OutputLayer.Builder(LossFunction.MSE).nOut(2).activation(Activation.IDENTITY).build())
                .setInputType(InputType.recurrent(FEATURES, STEPS)).build(), 74);
        e = assertThrows(ExplainException.class, () -> Explainer.forModel(product).rule("epsilon").build());
        assertTrue(e.getMessage().contains("Bidirectional MUL multiplies the directions"), e.getMessage());
    }

    @Test
    void aGlobalPoolingOverTimeEndsTheSequenceAndPerStepDenseLayersAreNamed() {
        MultiLayerNetwork pooled = init(list(DataType.DOUBLE)
                .layer(new SimpleRnn.Builder().nOut(6).activation(Activation.RELU).build())
                .layer(new org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer.Builder(
                        org.deeplearning4j.nn.conf.layers.PoolingType.AVG).build())
                .layer(new OutputLayer.Builder(LossFunction.MSE).nOut(3).activation(Activation.IDENTITY).build())
                .setInputType(InputType.recurrent(FEATURES, STEPS)).build(), 41);
        TestNets.zeroBiases(pooled.getLayers());
        INDArray x = input(3, 42, DataType.DOUBLE);
        Explanation e = Explainer.forModel(pooled).rule("z+(bias=false)").build().explain(x);
        Approx.assertClose(pooled.output(x), e.scores(), 1e-10, "DL4J's scores through the pooling");
        Approx.assertClose(e.targetScores(), e.relevanceSums(), 1e-5, "bias-free z+ conserves through the pooling");
        MultiLayerNetwork perStep = init(list(DataType.FLOAT)
                .layer(new SimpleRnn.Builder().nOut(6).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nOut(4).build())
                .layer(new OutputLayer.Builder(LossFunction.MSE).nOut(3).activation(Activation.IDENTITY).build())
                .setInputType(InputType.recurrent(FEATURES, STEPS)).build(), 43);
        ExplainException refused = assertThrows(ExplainException.class,
                () -> Explainer.forModel(perStep).rule("epsilon").build().explain(input(2, 44, DataType.FLOAT)));
        assertTrue(refused.getMessage().startsWith("layer 1 'layer1' (DenseLayer) reads every time step on its own"
                + " (RnnToFeedForwardPreProcessor), which lrp4j does not explain yet"), refused.getMessage());
    }
}

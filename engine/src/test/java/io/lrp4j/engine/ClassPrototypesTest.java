package io.lrp4j.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Activation maximization: its gradient against finite differences, the ascent, the prior and the range. */
class ClassPrototypesTest {
    private static MultiLayerNetwork smoothNet() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(31)
                .dataType(DataType.DOUBLE).activation(Activation.TANH).list()
                .layer(new DenseLayer.Builder().nIn(6).nOut(10).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(4)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(6)).build());
        net.init();
        return net;
    }

    /** log p(c|x) of row c of x, for every row. */
    private static double[] logP(Explainer scorer, INDArray x) {
        INDArray scores = scorer.scores(x);
        INDArray logSoftmax = Transforms.log(Transforms.softmax(scores, true), false);
        double[] own = new double[(int) x.size(0)];
        for (int c = 0; c < own.length; c++) {
            own[c] = logSoftmax.getDouble(c, c);
        }
        return own;
    }

    @Test
    void theGradientOfLogPMatchesFiniteDifferences() {
        MultiLayerNetwork net = smoothNet();
        Explainer scorer = Explainer.forModel(net).method(Method.GRADIENT).build();
        ClassPrototypes prototypes = ClassPrototypes.forModel(net);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 4, 6);
        INDArray own = Nd4j.eye(4).castTo(DataType.DOUBLE);
        for (boolean score : new boolean[] {false, true}) {
            INDArray g = prototypes.objectiveGradient(x, new long[] {1, 6}, 4, own, score)[0];
            double h = 1e-6;
            for (int f = 0; f < 6; f++) {
                INDArray up = x.dup();
                INDArray down = x.dup();
                up.getColumn(f).addi(h);
                down.getColumn(f).subi(h);
                double[] a = score ? ownScores(scorer, up) : logP(scorer, up);
                double[] b = score ? ownScores(scorer, down) : logP(scorer, down);
                for (int c = 0; c < 4; c++) {
                    assertEquals((a[c] - b[c]) / (2 * h), g.getDouble(c, f), 1e-6,
                            (score ? "score" : "log p") + ", class " + c + ", feature " + f);
                }
            }
        }
    }

    private static double[] ownScores(Explainer scorer, INDArray x) {
        INDArray scores = scorer.scores(x);
        double[] own = new double[(int) x.size(0)];
        for (int c = 0; c < own.length; c++) {
            own[c] = scores.getDouble(c, c);
        }
        return own;
    }

    @Test
    void theAscentRaisesEachClassStaysInRangeAndAStrongPriorKeepsItAtTheMean() {
        MultiLayerNetwork net = smoothNet();
        INDArray mean = Nd4j.valueArrayOf(new long[] {1, 6}, 0.5, DataType.DOUBLE);
        INDArray copy = mean.dup();
        ClassPrototypes.Result r = ClassPrototypes.forModel(net).run(mean, new ClassPrototypes.Settings(0.01, 50, 0.5,
                0, 1, ClassPrototypes.Objective.LOG_PROBABILITY), null);
        assertEquals(4, r.prototypes().size(0));
        for (int c = 0; c < 4; c++) {
            assertTrue(r.objective()[50][c] > r.objective()[0][c] + 1e-3, "class " + c + " rose: "
                    + r.objective()[0][c] + " to " + r.objective()[50][c]);
        }
        assertTrue(r.prototypes().minNumber().doubleValue() >= 0 && r.prototypes().maxNumber().doubleValue() <= 1,
                "within [0, 1]");
        assertEquals(copy, mean, "the mean is not modified");
        ClassPrototypes.Result held = ClassPrototypes.forModel(net).run(mean, new ClassPrototypes.Settings(1e4, 50,
                1e-6, 0, 1, ClassPrototypes.Objective.SCORE), null);
        assertTrue(held.prototypes().sub(0.5).amaxNumber().doubleValue() < 1e-3, "a strong prior holds the mean");
    }

    @Test
    void classMeansAreTheMeansOfEachPredictedClassAndAStrongPriorHoldsEach() {
        MultiLayerNetwork net = smoothNet();
        Explainer scorer = Explainer.forModel(net).method(Method.GRADIENT).build();
        ClassPrototypes prototypes = ClassPrototypes.forModel(net);
        Nd4j.getRandom().setSeed(3);
        INDArray rows = Nd4j.randn(DataType.DOUBLE, 400, 6).muli(3);
        INDArray copy = rows.dup();
        INDArray predicted = Nd4j.argMax(scorer.scores(rows), 1);
        INDArray means = prototypes.classMeans(rows);
        assertEquals(copy, rows, "the rows are not modified");
        for (int c = 0; c < 4; c++) {
            // The same means, one row at a time.
            double[] sum = new double[6];
            int count = 0;
            for (int r = 0; r < 400; r++) {
                if (predicted.getInt(r) == c) {
                    count++;
                    for (int f = 0; f < 6; f++) {
                        sum[f] += rows.getDouble(r, f);
                    }
                }
            }
            assertTrue(count > 0, "class " + c + " has rows");
            for (int f = 0; f < 6; f++) {
                assertEquals(sum[f] / count, means.getDouble(c, f), 1e-12, "class " + c + ", feature " + f);
            }
        }
        ClassPrototypes.Result held = prototypes.run(means, new ClassPrototypes.Settings(1e4, 20, 1e-6, -20, 20,
                ClassPrototypes.Objective.SCORE), null);
        assertTrue(held.prototypes().sub(means).amaxNumber().doubleValue() < 1e-3, "a strong prior holds each mean");
        INDArray few = rows.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 1), org.nd4j.linalg.indexing
                .NDArrayIndex.all());
        assertTrue(assertThrows(ExplainException.class, () -> prototypes.classMeans(few)).getMessage()
                .startsWith("no row of the data is predicted as class"));
    }

    @Test
    void badSettingsGetOneLine() {
        assertEquals("--steps must be at least 1, got 0", assertThrows(ExplainException.class,
                () -> new ClassPrototypes.Settings(0.1, 0, 0.1, 0, 1, ClassPrototypes.Objective.SCORE)).getMessage());
        assertEquals("--learning-rate must be a finite value above 0, got -1.0", assertThrows(ExplainException.class,
                () -> new ClassPrototypes.Settings(0.1, 1, -1, 0, 1, ClassPrototypes.Objective.SCORE)).getMessage());
        assertEquals("unknown objective 'x': log-probability or score", assertThrows(ExplainException.class,
                () -> ClassPrototypes.Objective.byLabel("x")).getMessage());
    }
}

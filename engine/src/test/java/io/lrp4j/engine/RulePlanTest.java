package io.lrp4j.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lrp4j.api.SpecException;
import io.lrp4j.engine.TestNets.TestNet;
import java.util.List;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

/** How selectors, composites and rules combine, and the errors when they do not fit. */
class RulePlanTest {
    static final TestNet CNN = TestNets.cnn(true, 3);

    static List<String> rules(Explainer.Builder b) {
        return b.build().explain(CNN.input(1, 1)).stages().stream()
                .map(s -> s.layer().index() + ":" + s.kind() + "=" + s.rule()).toList();
    }

    static String error(Explainer.Builder b) {
        return assertThrows(RuntimeException.class, () -> b.build().explain(CNN.input(1, 1))).getMessage();
    }

    @Test
    void compositesAssignByLayerTypeAndFirstLayer() {
        assertEquals(List.of("0:CONV=zB(low=0.0,high=1.0,bias=true)", "0:ACTIVATION=pass",
                "1:MAX_POOL=winner-take-all", "2:CONV=gamma(gamma=0.25,bias=true)", "2:ACTIVATION=pass",
                "3:AVG_POOL=proportional", "4:RESHAPE=reshape", "4:DENSE=epsilon(epsilon=1.0E-6,bias=true)",
                "4:ACTIVATION=pass", "5:DENSE=epsilon(epsilon=1.0E-6,bias=true)"),
                rules(Explainer.forModel(CNN.net()).composite("epsilon-gamma-box(low=0,high=1)")));
    }

    @Test
    void laterRulesOverrideEarlierOnesAndIndicesAndNamesPickOneLayer() {
        List<String> r = rules(Explainer.forModel(CNN.net()).composite("epsilon-plus").rule("dense=z+")
                .rule("0=flat").rule("layer5=epsilon(epsilon=0.5)").rule("avgpool=gradient"));
        assertEquals("0:CONV=flat(bias=true)", r.get(0));
        assertEquals("2:CONV=z+(bias=true)", r.get(3));
        assertEquals("3:AVG_POOL=gradient", r.get(5));
        assertEquals("4:DENSE=z+(bias=true)", r.get(7));
        assertEquals("5:DENSE=epsilon(epsilon=0.5,bias=true)", r.get(9));
    }

    @Test
    void misfitsAreExplained() {
        assertTrue(error(Explainer.forModel(CNN.net()).rule("convv=z+")).contains("selector 'convv' matches no layer"));
        assertTrue(error(Explainer.forModel(CNN.net()).rule("dense=pass"))
                .contains("rule 'pass' cannot serve 'dense': it is a rule for activations only"));
        assertTrue(error(Explainer.forModel(CNN.net()).rule("z+").rule("maxpool=z+")).contains("needs weights"));
        assertTrue(error(Explainer.forModel(CNN.net()).rule("z+").rule("1=z+")).contains("cannot serve layer 1"));
        assertTrue(error(Explainer.forModel(CNN.net()).rule("conv=z+"))
                .contains("no rule for layer 4 'layer4' (DenseLayer); add one, e.g. --rule dense=epsilon"));
        assertTrue(error(Explainer.forModel(CNN.net())).contains("needs a --composite"));
        assertTrue(error(Explainer.forModel(CNN.net()).method(Method.GRADIENT).rule("z+"))
                .contains("go with --method lrp"));
        assertTrue(error(Explainer.forModel(CNN.net()).rule("=z+")).contains("empty selector"));
    }

    @Test
    void unsupportedLayersAreNamedBeforeAnythingRuns() {
        MultiLayerNetwork unsupported = new MultiLayerNetwork(TestNets.base(1)
                .layer(new ConvolutionLayer.Builder(2, 2).nOut(2).build())
                .layer(new org.deeplearning4j.nn.conf.layers.SpaceToBatchLayer.Builder(new int[] {2, 2}).build())
                .layer(TestNets.output(2, true))
                .setInputType(InputType.convolutional(4, 4, 1)).build());
        unsupported.init();
        String e = assertThrows(ExplainException.class,
                () -> Explainer.forModel(unsupported).rule("epsilon").build()).getMessage();
        assertTrue(e.startsWith("layer 1 'layer1' (SpaceToBatchLayer) is not supported; supported layers:"
                + " ActivationLayer"),
                e);
    }

    @Test
    void badInputIsRefusedWithOneLine() {
        Explainer explainer = Explainer.forModel(CNN.net()).rule("epsilon").build();
        org.nd4j.linalg.api.ndarray.INDArray x = CNN.input(2, 1);
        assertTrue(assertThrows(ExplainException.class, () -> explainer.explain(x, Target.index(3))).getMessage()
                .contains("target class 3 is out of range: the model has 3 classes (0 to 2)"));
        assertTrue(assertThrows(ExplainException.class, () -> explainer.explain(x, Target.perRow(0))).getMessage()
                .contains("got 1 targets for 2 input rows"));
        x.putScalar(0, Double.NaN);
        assertTrue(assertThrows(ExplainException.class, () -> explainer.explain(x)).getMessage()
                .contains("NaN or infinite"));
        String shape = assertThrows(ExplainException.class,
                () -> explainer.explain(org.nd4j.linalg.factory.Nd4j.rand(2, 3, 10, 10))).getMessage();
        assertTrue(shape.contains("expects [batch, 2, height, width]"), shape);
        String size = assertThrows(ExplainException.class,
                () -> explainer.explain(org.nd4j.linalg.factory.Nd4j.rand(2, 2, 14, 14))).getMessage();
        assertTrue(size.startsWith("the input does not fit the model"), size);
    }
    /**
     * A gradient pass keeps no ledger, but relevance that overflows still names the stage where it did: here the
     * gradient at the input of three dense layers with weights 1e15 is 1e45, beyond float32, while the scores are
     * finite.
     */
    @Test
    void aGradientThatOverflowsNamesTheStage() {
        MultiLayerNetwork net = new MultiLayerNetwork(new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder()
                .dataType(org.nd4j.linalg.api.buffer.DataType.FLOAT).activation(org.nd4j.linalg.activations.Activation
                        .IDENTITY).list()
                .layer(new org.deeplearning4j.nn.conf.layers.DenseLayer.Builder().nIn(2).nOut(2).build())
                .layer(new org.deeplearning4j.nn.conf.layers.DenseLayer.Builder().nIn(2).nOut(2).build())
                .layer(new org.deeplearning4j.nn.conf.layers.OutputLayer.Builder(org.nd4j.linalg.lossfunctions
                        .LossFunctions.LossFunction.MSE).nIn(2).nOut(2).build()).build());
        net.init();
        for (int l = 0; l < 3; l++) {
            net.getLayer(l).getParam("W").assign(1e15);
            net.getLayer(l).getParam("b").assign(0);
        }
        org.nd4j.linalg.api.ndarray.INDArray x = org.nd4j.linalg.factory.Nd4j.valueArrayOf(new long[] {1, 2}, 1e-20f);
        String e = assertThrows(ExplainException.class, () -> Explainer.forModel(net).method(Method.GRADIENT).build()
                .explain(x)).getMessage();
        assertTrue(e.contains("NaN or infinite relevance at layer 0"), e);
    }
}

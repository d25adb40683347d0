package io.lrp4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lrp4j.engine.ExplainException;
import io.lrp4j.engine.Explainer;
import io.lrp4j.engine.registry.RuleRegistry;
import io.lrp4j.testkit.broken.ThrowingRule;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The broken rules packaged as a third-party plugin (a marked folder found by the real scan): when one misbehaves
 * during an explanation, the error names the rule, its parameters and the layer, and the model is untouched.
 */
class MisbehavingPluginTest {
    @TempDir
    static Path plugin;

    static RuleRegistry registry() throws Exception {
        Path classes = Path.of(ThrowingRule.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path pkg = Path.of("io", "lrp4j", "testkit", "broken");
        Files.createDirectories(plugin.resolve(pkg));
        try (Stream<Path> files = Files.list(classes.resolve(pkg))) {
            for (Path f : files.toList()) {
                Files.copy(f, plugin.resolve(pkg).resolve(f.getFileName()),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.createDirectories(plugin.resolve("META-INF/lrp4j"));
        Files.writeString(plugin.resolve("META-INF/lrp4j/rules"), "io.lrp4j.testkit.broken\n");
        return RuleRegistry.scan(new URLClassLoader(new URL[] {plugin.toUri().toURL()},
                MisbehavingPluginTest.class.getClassLoader()));
    }

    static MultiLayerNetwork net() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(3)
                .activation(Activation.RELU).list()
                .layer(new DenseLayer.Builder().nOut(4).build())
                .layer(new OutputLayer.Builder().nOut(2).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(3)).build());
        net.init();
        return net;
    }

    static String failure(RuleRegistry registry, MultiLayerNetwork net, String rule, INDArray x) {
        Explainer explainer = Explainer.forModel(net).registry(registry).rule("epsilon").rule(rule).build();
        return assertThrows(ExplainException.class, () -> explainer.explain(x)).getMessage();
    }

    @Test
    void aMisbehavingRuleIsNamedWithItsParametersAndLayer() throws Exception {
        RuleRegistry registry = registry();
        assertTrue(registry.rules().stream().anyMatch(r -> r.name().equals("throwing")), "the plugin was scanned");
        MultiLayerNetwork net = net();
        INDArray params = net.params().dup();
        INDArray x = Nd4j.rand(2, 3);
        INDArray xCopy = x.dup();

        assertEquals("rule throwing(strength=2.0) failed at layer 1 'layer1' (OutputLayer): index out of bounds in"
                + " my rule", failure(registry, net, "1=throwing(strength=2)", x));
        String shape = failure(registry, net, "0=wrong-shape", x);
        assertTrue(shape.startsWith("rule wrong-shape returned shape [2, 4] at layer 0 'layer0' (DenseLayer); it must"
                + " return the layer input's shape [2, 3]"), shape);
        // All-zero input and no bias in the rule: every pre-activation is zero and this rule divides by it.
        String nan = failure(registry, net, "0=unstabilized", Nd4j.zeros(2, 3));
        assertTrue(nan.contains("rule unstabilized gave NaN or infinite relevance at layer 0 'layer0' (DenseLayer)"),
                nan);

        assertEquals(params, net.params(), "the model is untouched");
        assertEquals(xCopy, x, "the input is untouched");
    }

    @Test
    void nanIsBlamedOnTheStageThatMadeItNotOnTheStagesBelow() throws Exception {
        RuleRegistry registry = registry();
        MultiLayerNetwork net = net();
        // The output layer's weights are zero, so its z without bias is zero and the unstabilized rule divides by it.
        net.getLayer(1).setParam("W", Nd4j.zeros(net.getLayer(1).getParam("W").shape()));
        INDArray x = Nd4j.rand(2, 3);
        String expected = "rule unstabilized gave NaN or infinite relevance at layer 1 'layer1' (OutputLayer)";

        String propagated = failure(registry, net, "1=unstabilized", x);
        assertTrue(propagated.startsWith(expected), propagated);
        // The layer below fails on its own too, but only after the NaN reached it.
        Explainer explainer = Explainer.forModel(net).registry(registry).rule("0=throwing(strength=2)")
                .rule("1=unstabilized").build();
        String masked = assertThrows(ExplainException.class, () -> explainer.explain(x)).getMessage();
        assertTrue(masked.startsWith(expected), masked);
    }
}

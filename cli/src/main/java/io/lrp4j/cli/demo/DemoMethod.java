package io.lrp4j.cli.demo;

import io.lrp4j.engine.Explainer;
import io.lrp4j.engine.Method;
import io.lrp4j.engine.heatmap.Colormap;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * One column of the demo: a method, composite or set of rules, and whether its relevance should sum to the score.
 *
 * @param label the column's name
 * @param method the method
 * @param composite the composite spec, or null
 * @param rules {@code [SELECTOR=]SPEC} rules after the composite, or none
 * @param conserving whether it starts from the score, so that its conservation error means something
 */
public record DemoMethod(String label, Method method, String composite, List<String> rules, boolean conserving) {
    /** A column of a method or composite. */
    public DemoMethod(String label, Method method, String composite, boolean conserving) {
        this(label, method, composite, List.of(), conserving);
    }

    /**
     * The five methods the sequence demo compares on both recurrent models, as the thesis did: the gradient, the
     * gradient times the input, epsilon (Arras et al.'s 0.001), and z+ and alpha-beta on the recurrent cells with
     * epsilon at the output.
     */
    public static final List<DemoMethod> SEQUENCE = List.of(
            new DemoMethod("gradient", Method.GRADIENT, null, false),
            new DemoMethod("gradient-x-input", Method.GRADIENT_X_INPUT, null, false),
            new DemoMethod("epsilon", Method.LRP, null, List.of("epsilon(epsilon=0.001)"), true),
            new DemoMethod("zplus", Method.LRP, null, List.of("recurrent=z+", "dense=epsilon(epsilon=0.001)"), true),
            new DemoMethod("alpha2-beta1", Method.LRP, null,
                    List.of("recurrent=alpha-beta(alpha=2,beta=1)", "dense=epsilon(epsilon=0.001)"), true));

    /** The six methods the demo compares, bounds matching the [0, 1] pixel range. */
    public static final List<DemoMethod> ALL = List.of(
            new DemoMethod("gradient", Method.GRADIENT, null, false),
            new DemoMethod("gradient-x-input", Method.GRADIENT_X_INPUT, null, false),
            new DemoMethod("epsilon-plus", Method.LRP, "epsilon-plus", true),
            new DemoMethod("epsilon-gamma-box", Method.LRP, "epsilon-gamma-box(low=0,high=1)", true),
            new DemoMethod("epsilon-alpha2-beta1", Method.LRP, "epsilon-alpha2-beta1", true),
            new DemoMethod("guided-backprop", Method.LRP, "guided-backprop", false));

    /** The explainer for a model. */
    public Explainer explainer(MultiLayerNetwork net, io.lrp4j.engine.registry.RuleRegistry registry) {
        Explainer.Builder b = Explainer.forModel(net).registry(registry).method(method);
        if (composite != null) {
            b.composite(composite);
        }
        rules.forEach(b::rule);
        return b.build();
    }

    /** The colours: every one of these maps has a sign. */
    public Colormap colormap() {
        return Colormap.DIVERGING;
    }

    /** What the column runs, for the report. */
    public String spec() {
        if (composite != null) {
            return "--composite " + composite;
        }
        return rules.isEmpty() ? "--method " + method.label()
                : String.join(" ", rules.stream().map(r -> "--rule '" + r + "'").toList());
    }
}

package io.lrp4j.cli.demo;

import io.lrp4j.engine.Explainer;
import io.lrp4j.engine.Method;
import io.lrp4j.engine.heatmap.Colormap;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * One column of the demo: a method or composite, and whether its relevance should sum to the score.
 *
 * @param label the column's name
 * @param method the method
 * @param composite the composite spec, or null
 * @param conserving whether it starts from the score, so that its conservation error means something
 */
public record DemoMethod(String label, Method method, String composite, boolean conserving) {
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
        return composite == null ? b.build() : b.composite(composite).build();
    }

    /** The colours: every one of these maps has a sign. */
    public Colormap colormap() {
        return Colormap.DIVERGING;
    }

    /** What the column runs, for the report. */
    public String spec() {
        return composite == null ? "--method " + method.label() : "--composite " + composite;
    }
}

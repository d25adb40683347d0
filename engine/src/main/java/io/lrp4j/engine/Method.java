package io.lrp4j.engine;

import io.lrp4j.api.SpecException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The explanation methods. */
public enum Method {
    /** Layer-wise relevance propagation with a composite or per-selector rules. */
    LRP("lrp"),
    /** Sensitivity: the gradient of the target's pre-softmax score, in inference mode. */
    GRADIENT("gradient"),
    /** The gradient, squared element-wise. */
    GRADIENT_SQUARED("gradient-squared"),
    /** The gradient times the input. */
    GRADIENT_X_INPUT("gradient-x-input"),
    /**
     * Integrated gradients (Sundararajan et al. 2017): {@code (x - b)} times the gradient averaged along the straight
     * path from a baseline {@code b} to {@code x} (midpoint Riemann sum); the attributions sum to
     * {@code f(x) - f(b)} up to the sum's error.
     */
    INTEGRATED_GRADIENTS("integrated-gradients"),
    /**
     * SmoothGrad (Smilkov et al. 2017): the gradient averaged over copies of the input with Gaussian noise whose
     * standard deviation is a fraction of each row's range.
     */
    SMOOTHGRAD("smoothgrad"),
    /**
     * Occlusion (Zeiler and Fergus 2014): a window slides over the input; each position's copy has the window set to
     * the baseline value in every channel, and the drop of the target score, {@code f(x) - f(x occluded)}, is spread
     * evenly over the window's elements. An element's attribution is the sum of its windows' shares.
     */
    OCCLUSION("occlusion");

    private final String label;

    Method(String label) {
        this.label = label;
    }

    /** The name users type. */
    public String label() {
        return label;
    }

    /**
     * The method with this name.
     *
     * @throws SpecException listing the methods
     */
    public static Method parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        for (Method m : values()) {
            if (m.label.equals(t)) {
                return m;
            }
        }
        throw new SpecException("unknown method '" + text + "'; methods are "
                + Arrays.stream(values()).map(Method::label).collect(Collectors.joining(", ")));
    }
}

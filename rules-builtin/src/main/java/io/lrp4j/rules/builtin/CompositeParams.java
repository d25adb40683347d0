package io.lrp4j.rules.builtin;

import io.lrp4j.api.Param;

/** Parameters several built-in composites share, declared once so they read the same everywhere. */
final class CompositeParams {
    static final Param<Double> EPSILON =
            Param.real("epsilon", 1e-6, "the epsilon of the dense layers' epsilon rule").positive();

    private CompositeParams() {
    }

    static String epsilonRule(double epsilon) {
        return "epsilon(epsilon=" + epsilon + ")";
    }
}

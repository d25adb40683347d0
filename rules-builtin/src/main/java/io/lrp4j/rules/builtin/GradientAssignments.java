package io.lrp4j.rules.builtin;

import io.lrp4j.api.Assignment;
import java.util.List;

/** The assignments of a modified gradient: plain gradient everywhere but at the activations. */
final class GradientAssignments {
    private GradientAssignments() {
    }

    static List<Assignment> withActivation(String activationRule) {
        return List.of(
                Assignment.of("all", "gradient"),
                Assignment.of("maxpool", "gradient"),
                Assignment.of("avgpool", "gradient"),
                Assignment.of("activation", activationRule));
    }
}

package io.lrp4j.engine.plan;

import io.lrp4j.api.SpecException;
import io.lrp4j.engine.registry.BoundRule;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Real parameters the model's data type cannot hold: rules compute in the model's type, where {@code epsilon=1e39}
 * becomes infinity on a float32 model and {@code epsilon=1e-50} becomes zero, and the explanation would be NaN or
 * unstabilized with no word of why. Refused before anything runs, naming the limit.
 */
public final class TypeLimits {
    private TypeLimits() {
    }

    /**
     * Checks every real argument of {@code rule} against {@code type}.
     *
     * @throws SpecException naming the rule, the parameter and the type's limit
     */
    public static void check(BoundRule rule, DataType type) {
        double largest = largest(type);
        double smallest = smallest(type);
        for (Map.Entry<String, Object> a : rule.args().asMap().entrySet()) {
            if (!(a.getValue() instanceof Double v) || v == 0) {
                continue;
            }
            if (Math.abs(v) > largest) {
                throw new SpecException(String.format(Locale.ROOT, "rule %s: %s=%s overflows the model's %s, whose"
                        + " largest value is %.7g", rule.rule().name(), a.getKey(), v, name(type), largest));
            }
            if (Math.abs(v) < smallest) {
                throw new SpecException(String.format(Locale.ROOT, "rule %s: %s=%s is 0 in the model's %s, whose"
                        + " smallest positive value is %.7g", rule.rule().name(), a.getKey(), v, name(type),
                        smallest));
            }
        }
    }

    private static double largest(DataType type) {
        return switch (type) {
            case FLOAT -> Float.MAX_VALUE;
            case HALF -> 65504.0;
            case BFLOAT16 -> 3.3895314e38;
            default -> Double.MAX_VALUE;
        };
    }

    /** The smallest positive value, subnormals included. */
    private static double smallest(DataType type) {
        return switch (type) {
            case FLOAT -> Float.MIN_VALUE;
            case HALF -> 5.9604645e-8;
            case BFLOAT16 -> 9.18355e-41;
            default -> Double.MIN_VALUE;
        };
    }

    private static String name(DataType type) {
        return switch (type) {
            case FLOAT -> "float32";
            case DOUBLE -> "float64";
            case HALF -> "float16";
            case BFLOAT16 -> "bfloat16";
            default -> type.name().toLowerCase(Locale.ROOT);
        };
    }
}

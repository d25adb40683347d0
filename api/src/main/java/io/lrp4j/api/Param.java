package io.lrp4j.api;

import java.util.Locale;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A typed, named, defaulted parameter of a rule or composite. Declare parameters as constants and list them in
 * {@link Parameterized#parameters()}; read their values with {@link Arguments#get(Param)}.
 *
 * <pre>{@code
 * static final Param<Double> EPSILON = Param.real("epsilon", 1e-6, "stabilizer added to the denominator").positive();
 * }</pre>
 *
 * @param <T> the value type: {@link Double}, {@link Integer} or {@link Boolean}
 */
public final class Param<T> {
    private final String name;
    private final Class<T> type;
    private final T defaultValue;
    private final String description;
    private final Predicate<T> constraint;
    private final String constraintText;

    private Param(String name, Class<T> type, T defaultValue, String description, Predicate<T> constraint,
            String constraintText) {
        if (!name.matches("[a-z][a-zA-Z0-9_-]*")) {
            throw new IllegalArgumentException("bad parameter name '" + name + "'");
        }
        this.name = name;
        this.type = type;
        this.defaultValue = defaultValue;
        this.description = Objects.requireNonNull(description);
        this.constraint = constraint;
        this.constraintText = constraintText;
    }

    /** A real-valued parameter with a default. */
    public static Param<Double> real(String name, double defaultValue, String description) {
        return new Param<>(name, Double.class, defaultValue, description, v -> !v.isNaN() && !v.isInfinite(),
                "finite");
    }

    /** A real-valued parameter the user must set. */
    public static Param<Double> requiredReal(String name, String description) {
        return new Param<>(name, Double.class, null, description, v -> !v.isNaN() && !v.isInfinite(), "finite");
    }

    /** An integer parameter with a default. */
    public static Param<Integer> integer(String name, int defaultValue, String description) {
        return new Param<>(name, Integer.class, defaultValue, description, v -> true, "");
    }

    /** A true/false parameter with a default. */
    public static Param<Boolean> flag(String name, boolean defaultValue, String description) {
        return new Param<>(name, Boolean.class, defaultValue, description, v -> true, "");
    }

    /** The {@code bias} flag every linear rule of the peer takes: {@code false} removes the bias from the rule. */
    public static Param<Boolean> bias() {
        return flag("bias", true, "let the layer's bias take part in the rule");
    }

    /** This parameter, restricted to values above zero. */
    public Param<T> positive() {
        return restrict(v -> ((Number) v).doubleValue() > 0, "> 0");
    }

    /** This parameter, restricted to values of zero or more. */
    public Param<T> nonNegative() {
        return restrict(v -> ((Number) v).doubleValue() >= 0, ">= 0");
    }

    private Param<T> restrict(Predicate<T> extra, String text) {
        if (!Number.class.isAssignableFrom(type)) {
            throw new IllegalStateException("only numeric parameters take a range");
        }
        String joined = constraintText.isEmpty() || constraintText.equals("finite") ? text : constraintText + ", " + text;
        return new Param<>(name, type, defaultValue, description, constraint.and(extra), joined);
    }

    /** The name users type. */
    public String name() {
        return name;
    }

    /** The value type. */
    public Class<T> type() {
        return type;
    }

    /** The default value, or {@code null} when the user must set it. */
    public T defaultValue() {
        return defaultValue;
    }

    /** Whether the user must set this parameter. */
    public boolean required() {
        return defaultValue == null;
    }

    /** One line on what the parameter does. */
    public String description() {
        return description;
    }

    /** The type's name as users see it: {@code real}, {@code integer} or {@code boolean}. */
    public String typeName() {
        if (type == Double.class) {
            return "real";
        }
        return type == Integer.class ? "integer" : "boolean";
    }

    /**
     * Parses and checks a value the user wrote.
     *
     * @throws SpecException naming the parameter and what it expects
     */
    public T parse(String raw) {
        String text = raw.trim();
        T value;
        try {
            if (type == Double.class) {
                value = type.cast(Double.valueOf(text));
            } else if (type == Integer.class) {
                value = type.cast(Integer.valueOf(text));
            } else {
                String lower = text.toLowerCase(Locale.ROOT);
                if (!lower.equals("true") && !lower.equals("false")) {
                    throw new NumberFormatException();
                }
                value = type.cast(Boolean.valueOf(lower));
            }
        } catch (NumberFormatException e) {
            throw new SpecException("parameter '" + name + "' expects a " + typeName() + ", got '" + raw + "'");
        }
        check(value);
        return value;
    }

    /**
     * Checks a value against this parameter's range.
     *
     * @throws SpecException when it is out of range
     */
    public void check(T value) {
        if (!constraint.test(value)) {
            throw new SpecException("parameter '" + name + "' must be " + constraintText + ", got " + value);
        }
    }

    /** A line such as {@code epsilon: real = 1.0E-6 (> 0) -- stabilizer added to the denominator}. */
    public String describe() {
        String dflt = required() ? " (required)" : " = " + defaultValue;
        String range = constraintText.isEmpty() || constraintText.equals("finite") ? "" : " (" + constraintText + ")";
        return name + ": " + typeName() + dflt + range + " -- " + description;
    }

    @Override
    public String toString() {
        return name;
    }
}

package io.lrp4j.api;

import java.util.Objects;

/**
 * How a {@link Term} modifies the layer's parameters; it applies alike to the weight and to the bias, as the
 * reference library's parameter modifiers do. Either a combination {@code a w + b w+ + c w-} (the weight itself,
 * its positive or negative part, gamma's {@code w + gamma w+}), the square {@code w^2}, or all ones.
 *
 * <p>Maps are values: the engine computes each distinct map of a layer's weight once per explainer.
 */
public final class WeightMap {
    /** The weight itself, {@code w}. */
    public static final WeightMap WEIGHT = combination(1, 0, 0);
    /** {@code w+ = max(w, 0)}. */
    public static final WeightMap POSITIVE = combination(0, 1, 0);
    /** {@code w- = min(w, 0)}. */
    public static final WeightMap NEGATIVE = combination(0, 0, 1);
    /** {@code w^2} (and {@code b^2}). */
    public static final WeightMap SQUARED = new WeightMap(Kind.SQUARED, 0, 0, 0);
    /** Every weight 1 (and the bias 1). */
    public static final WeightMap ONES = new WeightMap(Kind.ONES, 0, 0, 0);

    /** What a map is made of. */
    public enum Kind {
        /** {@code a w + b w+ + c w-}. */
        COMBINATION,
        /** {@code w^2}. */
        SQUARED,
        /** All ones. */
        ONES
    }

    private final Kind kind;
    private final double a;
    private final double b;
    private final double c;

    private WeightMap(Kind kind, double a, double b, double c) {
        if (!Double.isFinite(a) || !Double.isFinite(b) || !Double.isFinite(c)) {
            throw new IllegalArgumentException("a weight map's coefficients must be finite, got " + a + ", " + b
                    + ", " + c);
        }
        this.kind = kind;
        this.a = a;
        this.b = b;
        this.c = c;
    }

    /** {@code a w + b w+ + c w-}. */
    public static WeightMap combination(double a, double b, double c) {
        return new WeightMap(Kind.COMBINATION, a, b, c);
    }

    /** What this map is made of. */
    public Kind kind() {
        return kind;
    }

    /** The coefficient of {@code w} in a combination. */
    public double ofWeight() {
        return a;
    }

    /** The coefficient of {@code w+} in a combination. */
    public double ofPositive() {
        return b;
    }

    /** The coefficient of {@code w-} in a combination. */
    public double ofNegative() {
        return c;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WeightMap other && kind == other.kind && Double.compare(a, other.a) == 0
                && Double.compare(b, other.b) == 0 && Double.compare(c, other.c) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, a, b, c);
    }

    /** A name for the map that is also the key of its derived weight, such as {@code w+} or {@code 1.0w+0.25w+}. */
    @Override
    public String toString() {
        if (kind == Kind.SQUARED) {
            return "w^2";
        }
        if (kind == Kind.ONES) {
            return "ones";
        }
        if (equals(WEIGHT)) {
            return "w";
        }
        if (equals(POSITIVE)) {
            return "w+";
        }
        if (equals(NEGATIVE)) {
            return "w-";
        }
        return a + "w" + signed(b) + "w+" + signed(c) + "w-";
    }

    private static String signed(double v) {
        return v < 0 ? String.valueOf(v) : "+" + v;
    }
}

package io.lrp4j.api;

import java.util.Objects;

/**
 * What a {@link Term} multiplies its weight with: the layer's input or a modification of it, such as its positive
 * part, or a constant that stands for every input (the bounds of zB, the ones of {@code flat}).
 *
 * <p>Operands are values: two equal operands are one array in the engine's plan, computed once per call.
 */
public final class Operand {
    /** The layer's input {@code x}. */
    public static final Operand INPUT = new Operand(Kind.INPUT, 0.0);
    /** {@code x+ = max(x, 0)}. */
    public static final Operand POSITIVE_INPUT = new Operand(Kind.POSITIVE, 0.0);
    /** {@code x- = min(x, 0)}. */
    public static final Operand NEGATIVE_INPUT = new Operand(Kind.NEGATIVE, 0.0);
    /** Every input replaced by 1. */
    public static final Operand ONES = constant(1.0);

    /** What an operand is made of. */
    public enum Kind {
        /** The input itself. */
        INPUT,
        /** The input's positive part. */
        POSITIVE,
        /** The input's negative part. */
        NEGATIVE,
        /** The input less a constant reference. */
        SHIFTED,
        /** A constant in place of every input. */
        CONSTANT
    }

    private final Kind kind;
    private final double value;

    private Operand(Kind kind, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("an operand's constant must be finite, got " + value);
        }
        this.kind = kind;
        this.value = value;
    }

    /** {@code value} in place of every input. */
    public static Operand constant(double value) {
        return new Operand(Kind.CONSTANT, value);
    }

    /** {@code x - reference}, the input's difference to a reference input (DeepLIFT's). */
    public static Operand shiftedInput(double reference) {
        return reference == 0.0 ? INPUT : new Operand(Kind.SHIFTED, reference);
    }

    /** What this operand is made of. */
    public Kind kind() {
        return kind;
    }

    /** The constant of a {@link Kind#CONSTANT} operand, the reference of a {@link Kind#SHIFTED} one, else 0. */
    public double value() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Operand other && kind == other.kind
                && Double.doubleToLongBits(value) == Double.doubleToLongBits(other.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, value);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case INPUT -> "x";
            case POSITIVE -> "x+";
            case NEGATIVE -> "x-";
            case SHIFTED -> "(x-" + value + ")";
            case CONSTANT -> String.valueOf(value);
        };
    }
}

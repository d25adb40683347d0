package io.lrp4j.api;

/**
 * One product of a {@link Formula}: {@code coefficient * forward(operand, map(w), map(b))}, where the bias takes
 * part only if {@code bias} is true. A share's denominator is the sum of its terms; the term's input relevance is
 * {@code coefficient * operand * transpose(quotient, map(w))}.
 *
 * @param operand what the modified weight multiplies
 * @param weights how the weight (and the bias) are modified
 * @param bias whether the modified bias takes part
 * @param coefficient a factor on the whole term, 1 for most rules (zB subtracts its bound terms)
 */
public record Term(Operand operand, WeightMap weights, boolean bias, double coefficient) {
    /** Checks the parts. */
    public Term {
        if (operand == null || weights == null) {
            throw new IllegalArgumentException("a term needs an operand and a weight map");
        }
        if (!Double.isFinite(coefficient)) {
            throw new IllegalArgumentException("a term's coefficient must be finite, got " + coefficient);
        }
    }

    /** {@code forward(operand, map(w), map(b) if bias)}. */
    public static Term of(Operand operand, WeightMap weights, boolean bias) {
        return new Term(operand, weights, bias, 1.0);
    }

    /** {@code forward(operand, map(w))}, without the bias. */
    public static Term of(Operand operand, WeightMap weights) {
        return new Term(operand, weights, false, 1.0);
    }

    /** This term times a factor. */
    public Term times(double factor) {
        return new Term(operand, weights, bias, coefficient * factor);
    }

    @Override
    public String toString() {
        String product = operand + "*" + weights + (bias ? "+b" : "");
        return coefficient == 1.0 ? product : coefficient + "*(" + product + ")";
    }
}

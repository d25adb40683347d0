package io.lrp4j.api;

import java.util.List;

/**
 * A linear rule stated as its formula, the way the literature writes it: for each {@link Share},
 *
 * <pre>
 *   R_i += weight * sum_t coefficient_t * operand_t,i * sum_j map_t(w)_ij * [j in region] R_j / s(d_j),
 *   d_j  = sum_t coefficient_t * forward(operand_t, map_t(w), map_t(b))_j,
 * </pre>
 *
 * with the peer's stabilizer {@code s(d) = d + eps sign(d)}. The engine plans the computation (which products the
 * forward pass already holds, which modified weights to keep, which terms vanish on non-negative inputs, where the
 * quotients can be written, when arrays are freed), so a rule stated this way needs no memory call.
 *
 * @param shares the shares, at least one
 * @param epsilon the stabilizer, positive
 */
public record Formula(List<Share> shares, double epsilon) {
    /** Checks the parts and copies the shares. */
    public Formula {
        if (shares == null || shares.isEmpty()) {
            throw new IllegalArgumentException("a formula needs at least one share");
        }
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("a formula's stabilizer must be positive and finite, got " + epsilon);
        }
        shares = List.copyOf(shares);
    }

    /** Shares with the default stabilizer {@link Stabilizer#DEFAULT_EPSILON}. */
    public static Formula of(Share... shares) {
        return new Formula(List.of(shares), Stabilizer.DEFAULT_EPSILON);
    }

    /** One share of every output, weight 1, made of these terms, with the default stabilizer. */
    public static Formula proportional(Term... terms) {
        return of(Share.of(terms));
    }

    /** This formula with another stabilizer. */
    public Formula stabilizedBy(double eps) {
        return new Formula(shares, eps);
    }
}

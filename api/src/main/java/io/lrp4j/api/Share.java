package io.lrp4j.api;

import java.util.List;

/**
 * One normalised part of a {@link Formula}: relevance {@code weight * R_j / s(d_j)} at each output {@code j} where
 * the output lies in the region, with the denominator {@code d_j} the sum of the terms, is handed to the inputs in
 * proportion to each term's contributions.
 *
 * @param weight the factor on this share's relevance (alpha-beta's {@code alpha} and {@code -beta}); 1 for most
 * @param region the outputs this share serves, by the sign of the layer's own pre-activation {@code z}
 * @param terms the products whose sum is the denominator, at least one
 */
public record Share(double weight, Region region, List<Term> terms) {
    /** Which outputs a share serves, by the sign of the layer's recorded pre-activation (bias included). */
    public enum Region {
        /** Every output. */
        ALL,
        /** Outputs with {@code z > 0}; the others get nothing from this share. */
        POSITIVE_Z,
        /** Outputs with {@code z < 0}; the others get nothing from this share. */
        NEGATIVE_Z
    }

    /** Checks the parts and copies the terms. */
    public Share {
        if (region == null || terms == null || terms.isEmpty()) {
            throw new IllegalArgumentException("a share needs a region and at least one term");
        }
        if (!Double.isFinite(weight)) {
            throw new IllegalArgumentException("a share's weight must be finite, got " + weight);
        }
        terms = List.copyOf(terms);
    }

    /** A share of every output with weight 1. */
    public static Share of(Term... terms) {
        return new Share(1.0, Region.ALL, List.of(terms));
    }

    /** A share of every output with a weight. */
    public static Share weighted(double weight, Term... terms) {
        return new Share(weight, Region.ALL, List.of(terms));
    }

    /** A share of the outputs in one region, with weight 1. */
    public static Share where(Region region, Term... terms) {
        return new Share(1.0, region, List.of(terms));
    }
}

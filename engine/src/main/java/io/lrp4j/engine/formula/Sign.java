package io.lrp4j.engine.formula;

import io.lrp4j.api.Operand;
import io.lrp4j.api.WeightMap;

/**
 * What is known of an array's sign before it is computed: never negative, never positive, or either. A denominator
 * known to be never negative is stabilized by adding epsilon, with no sign to compute.
 */
enum Sign {
    NON_NEGATIVE, NON_POSITIVE, ANY;

    Sign times(Sign other) {
        if (this == ANY || other == ANY) {
            return ANY;
        }
        return this == other ? NON_NEGATIVE : NON_POSITIVE;
    }

    /** The sign of a sum of a term of this sign and one of the other's. */
    Sign plus(Sign other) {
        return this == other ? this : ANY;
    }

    static Sign of(double v) {
        return v >= 0 ? NON_NEGATIVE : NON_POSITIVE;
    }

    static Sign of(Operand operand, boolean inputNonNegative) {
        return switch (operand.kind()) {
            case INPUT -> inputNonNegative ? NON_NEGATIVE : ANY;
            case POSITIVE -> NON_NEGATIVE;
            case NEGATIVE -> NON_POSITIVE;
            case CONSTANT -> of(operand.value());
            case SHIFTED -> ANY;
        };
    }

    /** The sign of a modified weight (and bias): {@code a w + b w+ + c w- = (a + b) w+ + (a + c) w-}. */
    static Sign of(WeightMap map) {
        if (map.kind() != WeightMap.Kind.COMBINATION) {
            return NON_NEGATIVE;
        }
        double up = map.ofWeight() + map.ofPositive();
        double down = map.ofWeight() + map.ofNegative();
        if (up >= 0 && down <= 0) {
            return NON_NEGATIVE;
        }
        if (up <= 0 && down >= 0) {
            return NON_POSITIVE;
        }
        return ANY;
    }
}

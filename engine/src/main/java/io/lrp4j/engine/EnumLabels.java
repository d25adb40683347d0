package io.lrp4j.engine;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Command-line names of the engine's small choices: {@code GAUSS_LEGENDRE} is {@code gauss-legendre}. */
final class EnumLabels {
    private EnumLabels() {
    }

    /** The constant's name in lower case, words joined by '-'. */
    static String label(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The constant named {@code label}, or an error naming every choice.
     *
     * @param what what the choice is called in the message, e.g. "quadrature"
     */
    static <E extends Enum<E>> E byLabel(E[] values, String label, String what) {
        for (E e : values) {
            if (label(e).equals(label)) {
                return e;
            }
        }
        throw new ExplainException("unknown " + what + " '" + label + "': " + Arrays.stream(values)
                .map(EnumLabels::label).collect(Collectors.joining(" or ")));
    }
}

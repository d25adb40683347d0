package io.lrp4j.engine.heatmap;

import java.util.Locale;

/**
 * The key under a figure: the colormap's gradient with the relevance its ends and middle stand for, and a caption
 * that says whether the pictures share that scale.
 *
 * @param colormap the colours
 * @param low the label of the left end
 * @param middle the label of the middle
 * @param high the label of the right end
 * @param caption one line on what the scale means
 */
public record ColourBar(Colormap colormap, String low, String middle, String high, String caption) {
    /** Every picture scaled to one range: the ends are that range's values. */
    public static ColourBar shared(Colormap colormap, double range, String what) {
        return of(colormap, range, "one scale for " + what + ": " + (colormap.signed() ? "largest |R| " : "largest R ")
                + number(range));
    }

    /** Ends at {@code range}'s values, with a caption of one's own. */
    public static ColourBar of(Colormap colormap, double range, String caption) {
        String r = number(range);
        return colormap.signed() ? new ColourBar(colormap, "-" + r, "0", "+" + r, caption)
                : new ColourBar(colormap, "0", number(range / 2), r, caption);
    }

    /** Each picture scaled to its own largest value, which the ends stand for. */
    public static ColourBar own(Colormap colormap, String what) {
        return colormap.signed()
                ? new ColourBar(colormap, "-max", "0", "+max", "each " + what + " scaled to its own largest |R|")
                : new ColourBar(colormap, "0", "max/2", "max", "each " + what + " scaled to its own largest R");
    }

    /** A number in three significant digits. */
    static String number(double v) {
        return String.format(Locale.ROOT, "%.3g", v);
    }
}

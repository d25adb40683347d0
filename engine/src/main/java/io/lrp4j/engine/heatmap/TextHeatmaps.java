package io.lrp4j.engine.heatmap;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Token relevance as a self-contained HTML page: each document's words on the diverging map (red for, blue against
 * the explained class, white none), each word a {@code <span>} whose inline style sets its background, with its
 * relevance in a {@code title}, and the document's most relevant words listed under it. Each document is scaled to
 * its own largest |R|, as the page says. Text on a dark background is white, so every word stays readable. No
 * scripts, styles or fonts from elsewhere: the page works offline.
 */
public final class TextHeatmaps {
    /** How many of a document's most relevant words are listed. */
    static final int TOP = 5;

    private TextHeatmaps() {
    }

    /**
     * One document.
     *
     * @param heading what the page says over it, e.g. its row, class and score
     * @param tokens its words, in order
     * @param relevance one value per word
     */
    public record Document(String heading, List<String> tokens, double[] relevance) {
    }

    /** The page. */
    public static String html(String title, List<Document> documents) {
        StringBuilder h = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(escape(title)).append("</title><style>body{font-family:sans-serif;margin:2em;max-width:60em}"
                        + ".doc{margin:1.5em 0;line-height:1.9}.doc span{padding:1px 2px;border-radius:3px}"
                        + "h2{font-size:1em;margin-bottom:0.3em}.top{color:#555;font-size:0.9em}</style></head><body>\n"
                        + "<h1>").append(escape(title)).append("</h1>\n<p>Red words speak for the explained class, blue"
                        + " against it, white neither; each document is scaled to its own largest |R|. Hover over a"
                        + " word for its relevance.</p>\n");
        for (Document d : documents) {
            double scale = 0;
            for (double r : d.relevance()) {
                scale = Math.max(scale, Math.abs(r));
            }
            h.append("<div class=\"doc\"><h2>").append(escape(d.heading())).append("</h2>\n<p>");
            for (int i = 0; i < d.tokens().size(); i++) {
                double r = d.relevance()[i];
                int rgb = Colormap.DIVERGING.rgbOf(scale > 0 ? r / scale : 0);
                h.append("<span style=\"background:#").append(String.format("%06x", rgb)).append(";color:")
                        .append(dark(rgb) ? "#fff" : "#000").append("\" title=\"")
                        .append(String.format(Locale.ROOT, "%.4g", r)).append("\">")
                        .append(escape(d.tokens().get(i))).append("</span> ");
            }
            h.append("</p>\n<p class=\"top\">most relevant: ");
            List<Integer> order = new ArrayList<>(IntStream.range(0, d.tokens().size()).boxed().toList());
            order.sort(Comparator.comparingDouble(i -> -d.relevance()[i]));
            for (int k = 0; k < Math.min(TOP, order.size()); k++) {
                int i = order.get(k);
                h.append(k == 0 ? "" : ", ").append(escape(d.tokens().get(i))).append(String.format(Locale.ROOT,
                        " (%.3g)", d.relevance()[i]));
            }
            h.append("</p></div>\n");
        }
        return h.append("</body></html>\n").toString();
    }

    /** Whether white text reads better than black on {@code rgb}. */
    static boolean dark(int rgb) {
        double luminance = (0.299 * (rgb >> 16 & 0xff) + 0.587 * (rgb >> 8 & 0xff) + 0.114 * (rgb & 0xff)) / 255;
        return luminance < 0.5;
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

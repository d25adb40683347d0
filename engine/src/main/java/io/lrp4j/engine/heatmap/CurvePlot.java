package io.lrp4j.engine.heatmap;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/**
 * Line plots of curves over steps, one panel per title side by side, sharing one vertical scale and one legend: the
 * region perturbation curves of several methods, most and least relevant first. A dashed grey line is the baseline.
 * Text is drawn with the JDK's SansSerif font; without fonts (a bare container) the plot is drawn without words.
 */
public final class CurvePlot {
    private static final int PANEL_WIDTH = 460;
    private static final int PANEL_HEIGHT = 320;
    private static final int LEFT = 64;
    private static final int RIGHT = 16;
    private static final int TOP = 34;
    private static final int BOTTOM = 46;
    private static final int LEGEND_LINE = 18;
    private static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 13);
    /** Colour-blind-safe colours (Okabe and Ito), in the order methods come. */
    private static final Color[] COLOURS = {new Color(0, 114, 178), new Color(213, 94, 0), new Color(0, 158, 115),
        new Color(204, 121, 167), new Color(230, 159, 0), new Color(86, 180, 233), new Color(0, 0, 0)};

    private CurvePlot() {
    }

    /**
     * One named curve.
     *
     * @param name its label in the legend
     * @param values one value per step, from step 0
     * @param baseline whether it is drawn as the dashed grey baseline
     */
    public record Series(String name, double[] values, boolean baseline) {
    }

    /**
     * The panels side by side over one legend.
     *
     * @param titles one per panel
     * @param panels per panel, its series (the same names in the same order in every panel)
     * @param xLabel the horizontal axis' label
     * @param yLabel the vertical axis' label
     */
    public static BufferedImage plot(List<String> titles, List<List<Series>> panels, String xLabel, String yLabel) {
        return plot(titles, panels, xLabel, yLabel, 0);
    }

    /**
     * As {@link #plot(List, List, String, String)}, with the first value of every series at step {@code first}
     * on the horizontal axis (1 for a count that starts at one).
     */
    public static BufferedImage plot(List<String> titles, List<List<Series>> panels, String xLabel, String yLabel,
            int first) {
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        int steps = 1;
        for (List<Series> panel : panels) {
            for (Series s : panel) {
                for (double v : s.values()) {
                    low = Math.min(low, v);
                    high = Math.max(high, v);
                }
                steps = Math.max(steps, s.values().length - 1);
            }
        }
        if (!(high > low)) {
            high = low + 1;
        }
        double pad = (high - low) * 0.05;
        low -= pad;
        high += pad;
        List<Series> names = panels.get(0);
        int legendHeight = LEGEND_LINE * names.size() + 10;
        int width = panels.size() * (PANEL_WIDTH + LEFT + RIGHT);
        int height = TOP + PANEL_HEIGHT + BOTTOM + legendHeight;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            for (int p = 0; p < panels.size(); p++) {
                int x0 = p * (PANEL_WIDTH + LEFT + RIGHT) + LEFT;
                drawPanel(g, x0, titles.get(p), panels.get(p), steps, first, low, high, xLabel, yLabel);
            }
            drawLegend(g, LEFT, TOP + PANEL_HEIGHT + BOTTOM, names);
        } catch (InternalError | UnsatisfiedLinkError e) {
            // No fonts on this machine: the lines are drawn, the words are not.
        } finally {
            g.dispose();
        }
        return image;
    }

    private static void drawPanel(Graphics2D g, int x0, String title, List<Series> series, int steps, int first,
            double low, double high, String xLabel, String yLabel) {
        int y0 = TOP;
        g.setColor(new Color(245, 245, 245));
        g.fillRect(x0, y0, PANEL_WIDTH, PANEL_HEIGHT);
        g.setColor(Color.GRAY);
        g.drawRect(x0, y0, PANEL_WIDTH, PANEL_HEIGHT);
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            g.setColor(s.baseline() ? Color.GRAY : COLOURS[i % COLOURS.length]);
            g.setStroke(s.baseline() ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f,
                    new float[] {6f, 4f}, 0f) : new BasicStroke(2f));
            double[] v = s.values();
            for (int k = 1; k < v.length; k++) {
                g.drawLine(x(x0, k - 1, steps), y(v[k - 1], low, high), x(x0, k, steps), y(v[k], low, high));
            }
        }
        g.setStroke(new BasicStroke(1f));
        g.setFont(FONT);
        FontMetrics fm = g.getFontMetrics();
        g.setColor(Color.DARK_GRAY);
        for (int t = 0; t <= 4; t++) {
            double value = low + (high - low) * t / 4;
            int y = y(value, low, high);
            g.drawLine(x0 - 4, y, x0, y);
            String label = String.format(Locale.ROOT, "%.3g", value);
            g.drawString(label, x0 - 6 - fm.stringWidth(label), y + fm.getAscent() / 2 - 1);
            int step = (int) Math.round((double) steps * t / 4);
            int x = x(x0, step, steps);
            g.drawLine(x, y0 + PANEL_HEIGHT, x, y0 + PANEL_HEIGHT + 4);
            String s = Integer.toString(step + first);
            g.drawString(s, x - fm.stringWidth(s) / 2, y0 + PANEL_HEIGHT + 6 + fm.getAscent());
        }
        g.drawString(xLabel, x0 + (PANEL_WIDTH - fm.stringWidth(xLabel)) / 2, y0 + PANEL_HEIGHT + 36);
        Graphics2D rotated = (Graphics2D) g.create();
        rotated.rotate(-Math.PI / 2);
        rotated.drawString(yLabel, -(y0 + (PANEL_HEIGHT + fm.stringWidth(yLabel)) / 2), x0 - LEFT + 14);
        rotated.dispose();
        g.setFont(TITLE);
        g.drawString(title, x0 + (PANEL_WIDTH - g.getFontMetrics().stringWidth(title)) / 2, y0 - 10);
    }

    private static void drawLegend(Graphics2D g, int x0, int y0, List<Series> series) {
        g.setFont(FONT);
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            int y = y0 + 4 + i * LEGEND_LINE;
            g.setColor(s.baseline() ? Color.GRAY : COLOURS[i % COLOURS.length]);
            g.setStroke(s.baseline() ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f,
                    new float[] {6f, 4f}, 0f) : new BasicStroke(2f));
            g.drawLine(x0, y + 6, x0 + 30, y + 6);
            g.setColor(Color.BLACK);
            g.drawString(s.name(), x0 + 38, y + 11);
        }
    }

    private static int x(int x0, int step, int steps) {
        return x0 + (int) Math.round((double) PANEL_WIDTH * step / steps);
    }

    private static int y(double v, double low, double high) {
        return TOP + (int) Math.round(PANEL_HEIGHT * (high - v) / (high - low));
    }
}

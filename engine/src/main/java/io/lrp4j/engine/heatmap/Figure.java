package io.lrp4j.engine.heatmap;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Heatmaps laid out for people: a grid of pictures with a label over each column and beside each row, and a colour
 * bar underneath that says what the colours stand for and whether the pictures share one scale. A picture without
 * these cannot be read: the same red means 0.5 in one tile and 0.001 in the next.
 *
 * <p>Text is drawn with the JDK's SansSerif font. On a machine without any font (a bare container without
 * fontconfig) the JDK cannot draw text; the figure is then drawn without its words rather than not at all.
 */
public final class Figure {
    /** Pixels between pictures and around the figure. */
    public static final int GAP = 4;
    private static final int PAD = 6;
    private static final int BAR_HEIGHT = 12;
    private static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

    private Figure() {
    }

    /**
     * A labelled grid.
     *
     * @param cells pictures by row and column, all of one size
     * @param columnLabels one per column (lines split at {@code \n}), or null for none
     * @param rowLabels one per row, or null for none
     * @param bar the key, or null for none
     */
    public static BufferedImage grid(BufferedImage[][] cells, List<String> columnLabels, List<String> rowLabels,
            ColourBar bar) {
        int cellW = cells[0][0].getWidth();
        int cellH = cells[0][0].getHeight();
        int cols = cells[0].length;
        Text text = Text.measure();
        // Neighbouring column labels must not run into each other; a single picture's label may be wider.
        if (columnLabels != null && cols > 1) {
            columnLabels = columnLabels.stream().map(l -> text.wrap(l, cellW)).toList();
        }
        // Room on the left for the row labels, and for a first column label wider than its picture.
        int rowLabelW = rowLabels == null ? 0 : text.widest(rowLabels) + PAD;
        if (columnLabels != null && !columnLabels.isEmpty()) {
            rowLabelW = Math.max(rowLabelW, (text.width(columnLabels.get(0)) - cellW) / 2);
        }
        int headerH = columnLabels == null ? 0 : text.tallest(columnLabels) + PAD;
        int tilesW = cols * (cellW + GAP) + GAP;
        int barW = Math.max(Math.min(256, tilesW - 2 * GAP), 120);
        int barH = bar == null ? 0 : PAD + BAR_HEIGHT + 2 * text.lineHeight() + PAD;
        int width = Math.max(rowLabelW + tilesW, bar == null ? 0 : text.width(bar.caption()) + 2 * GAP);
        width = Math.max(width, rowLabelW + GAP + barW + text.width(bar == null ? "" : bar.high()) / 2 + GAP);
        if (columnLabels != null) {
            for (int c = 0; c < cols && c < columnLabels.size(); c++) {
                width = Math.max(width, rowLabelW + GAP + c * (cellW + GAP) + (cellW + text.width(columnLabels.get(c)))
                        / 2 + GAP);
            }
        }
        int height = headerH + cells.length * (cellH + GAP) + GAP + barH;
        BufferedImage figure = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = figure.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            for (int r = 0; r < cells.length; r++) {
                for (int c = 0; c < cols; c++) {
                    g.drawImage(cells[r][c], rowLabelW + GAP + c * (cellW + GAP), headerH + GAP + r * (cellH + GAP),
                            null);
                }
            }
            int barTop = headerH + cells.length * (cellH + GAP) + GAP + PAD;
            int barLeft = rowLabelW + GAP;
            if (bar != null) {
                g.drawImage(gradient(bar.colormap(), barW), barLeft, barTop, null);
                g.setColor(Color.GRAY);
                g.drawRect(barLeft - 1, barTop - 1, barW + 1, BAR_HEIGHT + 1);
            }
            if (text.available()) {
                g.setFont(FONT);
                g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
                g.setColor(Color.BLACK);
                FontMetrics m = g.getFontMetrics();
                if (columnLabels != null) {
                    for (int c = 0; c < cols && c < columnLabels.size(); c++) {
                        int centre = rowLabelW + GAP + c * (cellW + GAP) + cellW / 2;
                        drawLines(g, m, columnLabels.get(c), centre, PAD / 2, true);
                    }
                }
                if (rowLabels != null) {
                    for (int r = 0; r < cells.length && r < rowLabels.size(); r++) {
                        int lines = rowLabels.get(r).split("\n").length;
                        int top = headerH + GAP + r * (cellH + GAP) + (cellH - lines * text.lineHeight()) / 2;
                        drawLines(g, m, rowLabels.get(r), PAD / 2, top, false);
                    }
                }
                if (bar != null) {
                    int ticks = barTop + BAR_HEIGHT + 2;
                    drawLines(g, m, bar.low(), barLeft, ticks, true);
                    drawLines(g, m, bar.middle(), barLeft + barW / 2, ticks, true);
                    drawLines(g, m, bar.high(), barLeft + barW, ticks, true);
                    g.drawString(bar.caption(), GAP, ticks + text.lineHeight() + m.getAscent());
                }
            }
        } finally {
            g.dispose();
        }
        return figure;
    }

    /** Draws lines of text from {@code top}, centred on {@code x} or starting at it, kept inside the figure. */
    private static void drawLines(Graphics2D g, FontMetrics m, String label, int x, int top, boolean centred) {
        String[] lines = label.split("\n");
        for (int i = 0; i < lines.length; i++) {
            int w = m.stringWidth(lines[i]);
            int left = centred ? x - w / 2 : x;
            left = Math.max(0, Math.min(left, g.getDeviceConfiguration().getBounds().width - w));
            g.drawString(lines[i], left, top + i * m.getHeight() + m.getAscent());
        }
    }

    /** The colormap from its low end to its high end, {@code width} pixels wide. */
    private static BufferedImage gradient(Colormap colormap, int width) {
        double low = colormap.signed() ? -1 : 0;
        INDArray row = Nd4j.linspace(low, 1, width, DataType.DOUBLE).reshape(1, width);
        INDArray band = Nd4j.tile(row, BAR_HEIGHT, 1);
        return Heatmaps.render(band, colormap, HeatmapOptions.of(colormap).range(1));
    }

    /** Text measured with the figure's font, or nothing where the JDK has no font to draw with. */
    private record Text(FontMetrics metrics) {
        static Text measure() {
            try {
                Graphics2D g = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
                try {
                    FontMetrics m = g.getFontMetrics(FONT);
                    m.stringWidth("0");
                    return new Text(m);
                } finally {
                    g.dispose();
                }
            } catch (RuntimeException | Error e) {
                return new Text(null);
            }
        }

        boolean available() {
            return metrics != null;
        }

        int lineHeight() {
            return metrics == null ? 0 : metrics.getHeight();
        }

        int width(String s) {
            if (metrics == null) {
                return 0;
            }
            int w = 0;
            for (String line : s.split("\n")) {
                w = Math.max(w, metrics.stringWidth(line));
            }
            return w;
        }

        /**
         * The label with each line broken after spaces and hyphens where it is wider than {@code width}, so that
         * neighbouring column labels do not run into each other; a single word wider than that stays whole.
         */
        String wrap(String label, int width) {
            if (metrics == null) {
                return label;
            }
            StringBuilder out = new StringBuilder();
            for (String line : label.split("\n")) {
                String[] pieces = line.split("(?<=[- ])");
                StringBuilder current = new StringBuilder();
                for (String piece : pieces) {
                    if (current.length() > 0 && metrics.stringWidth(current + piece.strip()) > width) {
                        out.append(current.toString().strip()).append('\n');
                        current.setLength(0);
                    }
                    current.append(piece);
                }
                out.append(current.toString().strip()).append('\n');
            }
            return out.substring(0, out.length() - 1);
        }

        int widest(List<String> labels) {
            return labels.stream().mapToInt(this::width).max().orElse(0);
        }

        int tallest(List<String> labels) {
            return labels.stream().mapToInt(l -> l.split("\n").length).max().orElse(0) * lineHeight();
        }
    }
}

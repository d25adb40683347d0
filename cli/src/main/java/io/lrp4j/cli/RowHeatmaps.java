package io.lrp4j.cli;

import io.lrp4j.engine.heatmap.ColourBar;
import io.lrp4j.engine.heatmap.Colormap;
import io.lrp4j.engine.heatmap.Figure;
import io.lrp4j.engine.heatmap.HeatmapOptions;
import io.lrp4j.engine.heatmap.Heatmaps;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The pictures of {@code lrp explain --heatmap}: one PNG per row (H.png for a single row, H-0.png, H-1.png, ...
 * otherwise), each labelled with the row, its explained class and score, over a colour bar whose ends give the
 * relevance that full colour stands for and whose caption says whether every row shares that scale. With
 * {@code overlay} the heatmap is drawn over the input, whose values are stretched to grey from the row's smallest to
 * its largest.
 */
final class RowHeatmaps {
    /** Opacity of the heatmap over the input. */
    private static final double OVERLAY_OPACITY = 0.6;

    private final Path template;
    private final Colormap colormap;
    private final boolean overlay;
    private final long totalRows;

    /**
     * @param template the {@code --heatmap} path
     * @param totalRows how many rows there are: one row writes the template itself
     */
    RowHeatmaps(Path template, Colormap colormap, boolean overlay, long totalRows) {
        this.template = template;
        this.colormap = colormap;
        this.overlay = overlay;
        this.totalRows = totalRows;
    }

    /** The file of row {@code row}. */
    Path file(long row) {
        if (totalRows == 1) {
            return template;
        }
        String name = template.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : ".png";
        return template.resolveSibling(stem + "-" + row + ext);
    }

    /** The range full colour stands for over a block of rows: the largest of the rows' own ranges. */
    double range(INDArray relevance) {
        return Heatmaps.rangeOfRows(relevance, colormap);
    }

    /**
     * Writes the pictures of a block of rows.
     *
     * @param firstRow the block's first row
     * @param relevance the block's relevance
     * @param input the block's input, read only with {@code overlay}
     * @param targets the explained class per row of the block
     * @param scores the explained score per row of the block
     * @param sharedRange the range every row shares, or 0 for each row's own
     */
    void write(long firstRow, INDArray relevance, INDArray input, long[] targets, double[] scores,
            double sharedRange) {
        long rows = relevance.size(0);
        // Small inputs (28x28, say) are enlarged to about 112 pixels so they can be seen; a sequence is drawn as
        // features (rows) by time steps (columns), a vector as one strip of at least 4 pixels per element.
        int scale = relevance.rank() >= 3
                ? (int) Math.max(1, 112 / Math.max(relevance.size(relevance.rank() - 2),
                        relevance.size(relevance.rank() - 1)))
                : (int) Math.max(4, 112 / relevance.size(1));
        for (int row = 0; row < rows; row++) {
            INDArray one = relevance.get(NDArrayIndex.interval(row, row + 1));
            double range = sharedRange > 0 ? sharedRange : Heatmaps.range(one, colormap);
            HeatmapOptions options = HeatmapOptions.of(colormap).scaled(scale).range(range);
            if (overlay) {
                options = options.over(grey(input.get(NDArrayIndex.interval(row, row + 1))), OVERLAY_OPACITY);
            }
            BufferedImage tile = Heatmaps.render(one, colormap, options);
            String label = String.format(Locale.ROOT, "row %d, class %d, score %.4g", firstRow + row, targets[row],
                    scores[row]) + (relevance.rank() == 3 ? "\nrows: features, columns: time steps" : "");
            ColourBar bar = sharedRange > 0 ? ColourBar.shared(colormap, range, "all rows")
                    : ColourBar.of(colormap, range, "this row's own scale");
            Heatmaps.writePng(Figure.grid(new BufferedImage[][] {{tile}}, List.of(label), null, bar),
                    file(firstRow + row));
        }
    }

    /** One row's input as grey in [0, 1], averaged over channels, in the heatmap's plane. */
    private static INDArray grey(INDArray row) {
        INDArray x = row.castTo(DataType.DOUBLE);
        double low = x.minNumber().doubleValue();
        double span = x.maxNumber().doubleValue() - low;
        INDArray unit = span > 0 ? x.sub(low).divi(span) : x.mul(0);
        return switch (unit.rank()) {
            case 4 -> unit.mean(0, 1);
            case 2 -> unit.reshape(1, unit.length());
            default -> unit.reshape(unit.shape()[unit.rank() - 2], unit.shape()[unit.rank() - 1]);
        };
    }
}

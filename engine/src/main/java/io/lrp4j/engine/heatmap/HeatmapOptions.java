package io.lrp4j.engine.heatmap;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How to draw a heatmap.
 *
 * @param colormap the colours
 * @param scale how many screen pixels each input pixel becomes (nearest neighbour), at least 1
 * @param background the grey input image to draw under the heatmap ({@code [H, W]} or {@code [C, H, W]}, values in
 *     [0, 1]), or null
 * @param opacity how much of the heatmap shows over the background, in [0, 1]
 * @param range the relevance drawn at full colour (the largest absolute value for a signed map, the largest value
 *     otherwise), so that several pictures share one scale; 0 for each picture's own largest value
 */
public record HeatmapOptions(Colormap colormap, int scale, INDArray background, double opacity, double range) {
    /** Checks the values. */
    public HeatmapOptions {
        if (scale < 1) {
            throw new IllegalArgumentException("scale must be at least 1, got " + scale);
        }
        if (opacity < 0 || opacity > 1) {
            throw new IllegalArgumentException("opacity must be in [0, 1], got " + opacity);
        }
        if (!(range >= 0) || Double.isInfinite(range)) {
            throw new IllegalArgumentException("range must be finite and at least 0, got " + range);
        }
    }

    /** The colormap at its own pixel size, no background. */
    public static HeatmapOptions of(Colormap colormap) {
        return new HeatmapOptions(colormap, 1, null, 1.0, 0);
    }

    /** These options with pixels enlarged {@code scale} times. */
    public HeatmapOptions scaled(int newScale) {
        return new HeatmapOptions(colormap, newScale, background, opacity, range);
    }

    /** These options drawn over a grey input with the given heatmap opacity. */
    public HeatmapOptions over(INDArray image, double heatmapOpacity) {
        return new HeatmapOptions(colormap, scale, image, heatmapOpacity, range);
    }

    /**
     * These options with {@code fullColour} drawn at full colour, shared by every picture drawn with them; values
     * beyond it are drawn at full colour too. 0 returns to each picture's own largest value.
     */
    public HeatmapOptions range(double fullColour) {
        return new HeatmapOptions(colormap, scale, background, opacity, fullColour);
    }
}

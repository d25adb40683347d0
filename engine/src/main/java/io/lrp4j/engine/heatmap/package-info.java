/**
 * Relevance as pictures: {@link io.lrp4j.engine.heatmap.Heatmaps#render} turns one sample's relevance into a
 * {@code BufferedImage} with a {@link io.lrp4j.engine.heatmap.Colormap}, optionally over the grey input;
 * {@link io.lrp4j.engine.heatmap.Figure} lays pictures out with labels and a colour bar; and
 * {@link io.lrp4j.engine.heatmap.TextHeatmaps} colours words by their relevance in an HTML page.
 */
package io.lrp4j.engine.heatmap;

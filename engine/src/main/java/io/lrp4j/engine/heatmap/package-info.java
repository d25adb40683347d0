/**
 * Relevance as pictures: {@link io.lrp4j.engine.heatmap.Heatmaps#render} turns one sample's relevance into a
 * {@code BufferedImage} with a {@link io.lrp4j.engine.heatmap.Colormap}, optionally over the grey input.
 */
package io.lrp4j.engine.heatmap;

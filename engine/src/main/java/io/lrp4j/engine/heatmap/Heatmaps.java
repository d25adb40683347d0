package io.lrp4j.engine.heatmap;

import io.lrp4j.engine.ExplainException;
import io.lrp4j.engine.io.OutputFile;
import java.awt.geom.AffineTransform;
import java.awt.image.AffineTransformOp;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Renders one sample's relevance as a picture. Multi-channel relevance is summed over channels per pixel: in a
 * conserving decomposition the relevance of a pixel is the sum over its channels.
 */
public final class Heatmaps {
    private Heatmaps() {
    }

    /**
     * The heatmap of one sample.
     *
     * @param relevance {@code [H, W]}, {@code [C, H, W]} or {@code [1, C, H, W]}; a vector {@code [F]} or
     *     {@code [1, F]} becomes a one-row strip
     * @throws ExplainException for other shapes
     */
    public static BufferedImage render(INDArray relevance, Colormap colormap, HeatmapOptions options) {
        INDArray map = plane(relevance).castTo(DataType.DOUBLE);
        double scale = options.range() > 0 ? options.range() : range(map, colormap);
        INDArray t = scale > 0 ? map.div(scale) : map.mul(0);
        t = Transforms.min(Transforms.max(t, colormap.signed() ? -1.0 : 0.0, false), 1.0, false);
        INDArray[] rgb = colormap.rgb(t);
        if (options.background() != null) {
            INDArray grey = plane(options.background()).castTo(DataType.DOUBLE);
            if (!Arrays.equals(grey.shape(), map.shape())) {
                throw new ExplainException("the background " + Arrays.toString(grey.shape())
                        + " does not match the heatmap " + Arrays.toString(map.shape()));
            }
            grey = Transforms.min(Transforms.max(grey, 0.0, true), 1.0, false);
            for (int c = 0; c < 3; c++) {
                rgb[c] = rgb[c].mul(options.opacity()).addi(grey.mul(1 - options.opacity()));
            }
        }
        return scaled(image(rgb[0], rgb[1], rgb[2]), options.scale());
    }

    /**
     * What {@link #render} draws at full colour when no range is given: the largest absolute relevance of the sample
     * (summed over channels) for a signed map, the largest value otherwise.
     */
    public static double range(INDArray relevance, Colormap colormap) {
        INDArray map = plane(relevance).castTo(DataType.DOUBLE);
        return colormap.signed() ? Transforms.abs(map).maxNumber().doubleValue()
                : Math.max(map.maxNumber().doubleValue(), 0);
    }

    /**
     * The range that puts every row of a batch on one scale: the largest of the rows' own {@link #range}s (images
     * {@code [N, C, H, W]} summed over channels, as they are drawn).
     */
    public static double rangeOfRows(INDArray rows, Colormap colormap) {
        INDArray plane = rows.rank() == 4 ? rows.sum(1) : rows;
        return colormap.signed() ? Transforms.abs(plane).maxNumber().doubleValue()
                : Math.max(plane.maxNumber().doubleValue(), 0);
    }

    /** A grey picture of an input in [0, 1] ({@code [H, W]} or {@code [C, H, W]}; channels are averaged). */
    public static BufferedImage grey(INDArray image, int scale) {
        INDArray p = image.rank() >= 3 ? plane(image).div(image.size(image.rank() - 3)) : plane(image);
        INDArray g = Transforms.min(Transforms.max(p.castTo(DataType.DOUBLE), 0.0, true), 1.0, false);
        return scaled(image(g, g, g), scale);
    }

    /**
     * Writes a PNG, replacing the file whole or not at all ({@link OutputFile}).
     *
     * @throws ExplainException when the file cannot be written
     */
    public static void writePng(BufferedImage image, Path file) {
        OutputFile.write(file, out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new ExplainException("no PNG writer is available");
            }
        });
    }

    /** The relevance as {@code [H, W]}, summed over channels. */
    private static INDArray plane(INDArray r) {
        return switch (r.rank()) {
            case 1 -> r.reshape(1, r.length());
            case 2 -> r;
            case 3 -> r.sum(0);
            case 4 -> {
                if (r.size(0) != 1) {
                    throw new ExplainException("render one sample at a time; got a batch of " + r.size(0));
                }
                yield r.sum(0, 1);
            }
            default -> throw new ExplainException("cannot draw relevance of shape " + Arrays.toString(r.shape()));
        };
    }

    private static BufferedImage image(INDArray red, INDArray green, INDArray blue) {
        int h = (int) red.size(0);
        int w = (int) red.size(1);
        INDArray packed = channel(red).muli(65536).addi(channel(green).muli(256)).addi(channel(blue));
        int[] argb = packed.castTo(DataType.INT32).dup('c').data().asInt();
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, w, h, argb, 0, w);
        return img;
    }

    private static INDArray channel(INDArray unit) {
        return Transforms.round(Transforms.min(Transforms.max(unit, 0.0, true), 1.0, false).muli(255), false);
    }

    private static BufferedImage scaled(BufferedImage img, int scale) {
        if (scale == 1) {
            return img;
        }
        BufferedImage out = new BufferedImage(img.getWidth() * scale, img.getHeight() * scale,
                BufferedImage.TYPE_INT_RGB);
        new AffineTransformOp(AffineTransform.getScaleInstance(scale, scale), AffineTransformOp.TYPE_NEAREST_NEIGHBOR)
                .filter(img, out);
        return out;
    }
}

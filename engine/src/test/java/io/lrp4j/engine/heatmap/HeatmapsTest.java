package io.lrp4j.engine.heatmap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lrp4j.engine.ExplainException;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class HeatmapsTest {
    static final int WHITE = 0xFFFFFF;
    static final int RED = 0xFF0000;
    static final int BLUE = 0x0000FF;

    @TempDir
    Path tmp;

    static int rgb(BufferedImage img, int x, int y) {
        return img.getRGB(x, y) & 0xFFFFFF;
    }

    @Test
    void divergingZeroIsWhiteAndTheExtremesAreTheEndsOfTheMap() {
        INDArray r = Nd4j.createFromArray(new double[][] {{0, 2, -2}, {1, -1, 0.5}});
        BufferedImage img = Heatmaps.render(r, Colormap.DIVERGING, HeatmapOptions.of(Colormap.DIVERGING));
        assertEquals(WHITE, rgb(img, 0, 0));
        assertEquals(RED, rgb(img, 1, 0));
        assertEquals(BLUE, rgb(img, 2, 0));
        // Half the largest magnitude is half way to the end: (255, 128, 128).
        assertEquals(0xFF8080, rgb(img, 0, 1));
        assertEquals(0x8080FF, rgb(img, 1, 1));
    }

    @Test
    void divergingNormalisesSymmetricallyByTheLargestMagnitude() {
        BufferedImage img = Heatmaps.render(Nd4j.createFromArray(new double[][] {{4, -1}}), Colormap.DIVERGING,
                HeatmapOptions.of(Colormap.DIVERGING));
        assertEquals(RED, rgb(img, 0, 0));
        assertEquals(0xBFBFFF, rgb(img, 1, 0), "a quarter of the way to blue");
    }

    @Test
    void sequentialRunsFromWhiteToDarkRedAndClipsNegatives() {
        BufferedImage img = Heatmaps.render(Nd4j.createFromArray(new double[][] {{0, 3, -3}}), Colormap.SEQUENTIAL,
                HeatmapOptions.of(Colormap.SEQUENTIAL));
        assertEquals(WHITE, rgb(img, 0, 0));
        assertEquals(0x800000, rgb(img, 1, 0));
        assertEquals(WHITE, rgb(img, 2, 0));
    }

    @Test
    void channelsAreSummedAndPixelsScaledAndTheResultIsAPng() throws Exception {
        INDArray r = Nd4j.zeros(1, 3, 2, 2);
        r.putScalar(new long[] {0, 0, 0, 1}, 1.0);
        r.putScalar(new long[] {0, 2, 0, 1}, 1.0);
        r.putScalar(new long[] {0, 1, 1, 0}, -1.0);
        r.putScalar(new long[] {0, 2, 1, 0}, -1.0);
        BufferedImage img = Heatmaps.render(r, Colormap.DIVERGING, HeatmapOptions.of(Colormap.DIVERGING).scaled(3));
        assertEquals(6, img.getWidth());
        assertEquals(6, img.getHeight());
        assertEquals(RED, rgb(img, 5, 0));
        assertEquals(BLUE, rgb(img, 0, 5));
        assertEquals(WHITE, rgb(img, 0, 0));
        Path png = tmp.resolve("h.png");
        Heatmaps.writePng(img, png);
        BufferedImage back = ImageIO.read(png.toFile());
        assertEquals(6, back.getWidth());
        assertEquals(RED, rgb(back, 5, 0));
    }

    @Test
    void anOverlayBlendsWithTheGreyInput() {
        INDArray r = Nd4j.createFromArray(new double[][] {{0, 1}});
        INDArray black = Nd4j.zeros(1, 2);
        BufferedImage img = Heatmaps.render(r, Colormap.DIVERGING,
                HeatmapOptions.of(Colormap.DIVERGING).over(black, 0.5));
        assertEquals(0x808080, rgb(img, 0, 0), "white heatmap half over black");
        assertEquals(0x800000, rgb(img, 1, 0), "red half over black");
        assertTrue(assertThrows(ExplainException.class, () -> Heatmaps.render(r, Colormap.DIVERGING,
                HeatmapOptions.of(Colormap.DIVERGING).over(Nd4j.zeros(2, 2), 0.5))).getMessage()
                .contains("does not match"));
    }

    @Test
    void allZeroRelevanceIsAllWhite() {
        BufferedImage img = Heatmaps.render(Nd4j.zeros(3, 3), Colormap.DIVERGING,
                HeatmapOptions.of(Colormap.DIVERGING));
        assertEquals(WHITE, rgb(img, 1, 1));
    }

    @Test
    void aGivenRangeIsFullColourAndLargerValuesAreClipped() {
        INDArray r = Nd4j.createFromArray(new double[][] {{0.5, 2, -4}});
        BufferedImage img = Heatmaps.render(r, Colormap.DIVERGING, HeatmapOptions.of(Colormap.DIVERGING).range(1));
        assertEquals(0xFF8080, rgb(img, 0, 0), "half the range is half red");
        assertEquals(RED, rgb(img, 1, 0));
        assertEquals(BLUE, rgb(img, 2, 0));
        assertEquals(4.0, Heatmaps.range(r, Colormap.DIVERGING));
    }

    @Test
    void aFigureHasLabelsAndAColourBarFromBlueToRed() {
        BufferedImage tile = Heatmaps.render(Nd4j.zeros(4, 4), Colormap.DIVERGING,
                HeatmapOptions.of(Colormap.DIVERGING).scaled(10));
        BufferedImage bare = Figure.grid(new BufferedImage[][] {{tile, tile}}, null, null, null);
        BufferedImage figure = Figure.grid(new BufferedImage[][] {{tile, tile}}, java.util.List.of("a", "b"),
                java.util.List.of("row"), ColourBar.own(Colormap.DIVERGING, "tile"));
        assertTrue(figure.getWidth() > bare.getWidth() && figure.getHeight() > bare.getHeight() + 20);
        int blueX = -1;
        int redX = -1;
        for (int y = 0; y < figure.getHeight() && redX < 0; y++) {
            for (int x = 0; x < figure.getWidth(); x++) {
                if (rgb(figure, x, y) == BLUE && blueX < 0) {
                    blueX = x;
                }
                if (rgb(figure, x, y) == RED && blueX >= 0) {
                    redX = x;
                }
            }
        }
        assertTrue(blueX >= 0 && redX > blueX, "the bar runs from blue on the left to red on the right");
        assertTrue(ColourBar.shared(Colormap.DIVERGING, 0.25, "all rows").caption().contains("0.250"));
    }
}

package io.lrp4j.cli;

import java.awt.image.BufferedImage;

/** Looking for one picture inside another, for tests of labelled figures. */
final class Pictures {
    private Pictures() {
    }

    /** Whether {@code tile} appears pixel for pixel somewhere in {@code figure}. */
    static boolean contains(BufferedImage figure, BufferedImage tile) {
        int w = tile.getWidth();
        int h = tile.getHeight();
        int[] first = tile.getRGB(0, 0, w, 1, null, 0, w);
        for (int y = 0; y + h <= figure.getHeight(); y++) {
            for (int x = 0; x + w <= figure.getWidth(); x++) {
                if (java.util.Arrays.equals(figure.getRGB(x, y, w, 1, null, 0, w), first)
                        && java.util.Arrays.equals(figure.getRGB(x, y, w, h, null, 0, w),
                                tile.getRGB(0, 0, w, h, null, 0, w))) {
                    return true;
                }
            }
        }
        return false;
    }
}

package io.lrp4j.engine.heatmap;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** How relevance becomes colour. Each map takes normalised values and returns red, green and blue in [0, 1]. */
public enum Colormap {
    /**
     * Blue, white, red: zero is white, the largest absolute relevance is pure red (positive) or pure blue
     * (negative). Normalised symmetrically by the largest absolute value, the field's default, so equal colours
     * mean equal relevance whatever the sign.
     */
    DIVERGING(true),
    /**
     * White, orange, red, dark red, for maps that are never negative (such as the squared gradient): zero is
     * white, the largest value dark red. Negative values are shown as zero.
     */
    SEQUENTIAL(false);

    private final boolean signed;

    Colormap(boolean signed) {
        this.signed = signed;
    }

    /** Whether the map shows signs (and is normalised by the largest absolute value). */
    public boolean signed() {
        return signed;
    }

    /**
     * Red, green and blue for normalised values: in {@code [-1, 1]} for {@link #DIVERGING}, {@code [0, 1]} for
     * {@link #SEQUENTIAL}.
     */
    INDArray[] rgb(INDArray t) {
        if (signed) {
            INDArray pos = Transforms.max(t, 0.0, true);
            INDArray neg = Transforms.max(t.neg(), 0.0, false);
            INDArray red = neg.rsub(1.0);
            INDArray green = Transforms.abs(t, true).rsub(1.0);
            INDArray blue = pos.rsub(1.0);
            return new INDArray[] {red, green, blue};
        }
        INDArray first = Transforms.min(t.mul(2), 1.0, false);
        INDArray second = Transforms.max(t.mul(2).subi(1), 0.0, false);
        // White (0) to orange (0.5) to dark red (1).
        return new INDArray[] {
            second.mul(-0.5).addi(1.0),
            first.mul(-0.45).subi(second.mul(0.55)).addi(1.0),
            first.mul(-0.9).subi(second.mul(0.1)).addi(1.0)};
    }

    /**
     * The colour of one normalised value (in {@code [-1, 1]} for {@link #DIVERGING}, {@code [0, 1]} for
     * {@link #SEQUENTIAL}; beyond is clipped) as packed {@code 0xRRGGBB}, by the same arithmetic as the pictures.
     */
    public int rgbOf(double normalized) {
        double t = Math.max(signed ? -1 : 0, Math.min(1, normalized));
        INDArray[] c = rgb(org.nd4j.linalg.factory.Nd4j.createFromArray(t));
        int rgb = 0;
        for (INDArray channel : c) {
            rgb = rgb << 8 | (int) Math.round(Math.max(0, Math.min(1, channel.getDouble(0))) * 255);
        }
        return rgb;
    }
}

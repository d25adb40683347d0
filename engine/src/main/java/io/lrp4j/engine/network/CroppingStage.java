package io.lrp4j.engine.network;

import io.lrp4j.engine.ExplainException;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * {@code Cropping2D} (NCHW): the image without {@code top, bottom, left, right} rows and columns at its borders.
 * What was cropped away contributes nothing, so it gets no relevance: the relevance is padded back with zeros.
 */
final class CroppingStage extends SelectingStage {
    private final int top;
    private final int bottom;
    private final int left;
    private final int right;

    CroppingStage(LayerInfo layer, int[] cropping) {
        super(layer);
        this.top = cropping[0];
        this.bottom = cropping[1];
        this.left = cropping[2];
        this.right = cropping[3];
    }

    @Override
    INDArrayIndex[] selected(INDArray image) {
        if (image.rank() != 4 || image.size(2) <= top + bottom || image.size(3) <= left + right) {
            throw new ExplainException("the input does not fit the model: " + layer().describe() + " crops "
                    + Arrays.toString(new int[] {top, bottom, left, right}) + " from [batch, channels, height, width],"
                    + " got shape " + Arrays.toString(image.shape()));
        }
        INDArrayIndex all = NDArrayIndex.all();
        return new INDArrayIndex[] {all, all, NDArrayIndex.interval(top, image.size(2) - bottom),
            NDArrayIndex.interval(left, image.size(3) - right)};
    }
}

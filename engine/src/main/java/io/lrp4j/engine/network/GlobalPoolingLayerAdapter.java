package io.lrp4j.engine.network;

import jakarta.inject.Inject;
import java.util.Arrays;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;

/**
 * {@code GlobalPoolingLayer} with max or average pooling over the spatial dimensions of NCHW or NHWC images (the
 * latter moved channels-first) or over time of NCW or NWC sequences.
 */
public final class GlobalPoolingLayerAdapter implements LayerAdapter {
    /** For Guice. */
    @Inject
    public GlobalPoolingLayerAdapter() {
    }

    @Override
    public void adapt(LayerContext context) {
        GlobalPoolingLayer conf = context.conf(GlobalPoolingLayer.class);
        PoolingType type = conf.getPoolingType();
        if (type != PoolingType.MAX && type != PoolingType.AVG) {
            throw context.unsupported(type + " pooling; only MAX and AVG global pooling are supported");
        }
        int[] dims = conf.getPoolingDimensions();
        boolean channelsLast = Arrays.equals(dims, new int[] {1, 2});
        boolean timeSecond = Arrays.equals(dims, new int[] {1});
        if (dims != null && !Arrays.equals(dims, new int[] {2, 3}) && !Arrays.equals(dims, new int[] {2})
                && !channelsLast && !timeSecond) {
            throw context.unsupported("pooling over dimensions " + Arrays.toString(dims)
                    + "; only global pooling over height and width ([2, 3] of NCHW images, [1, 2] of NHWC ones), or"
                    + " over time ([2] of NCW sequences, [1] of NWC ones), is supported");
        }
        if (channelsLast) {
            // DL4J sets [1, 2] for channels-last images: pooled channels-first like every other image.
            context.toChannelsFirst();
        } else if (timeSecond) {
            // Keras' GlobalPooling1D imports as [1] over NWC sequences: pooled as the one-column image
            // [batch, features, time, 1], over its height and width, which is over time.
            context.add(SequenceImageStage.toImage(context.info(), org.deeplearning4j.nn.conf.RNNFormat.NWC));
        }
        boolean max = type == PoolingType.MAX;
        context.add(new LinearStage(context.info(), max ? StageKind.MAX_POOL : StageKind.AVG_POOL,
                new GlobalPoolingMap(max, conf.isCollapseDimensions()), null, null));
    }
}

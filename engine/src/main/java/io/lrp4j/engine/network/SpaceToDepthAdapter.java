package io.lrp4j.engine.network;

import jakarta.inject.Inject;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.layers.SpaceToDepthLayer;

/** {@code SpaceToDepthLayer}, NCHW or NHWC: a {@link SpaceToDepthStage}. */
public final class SpaceToDepthAdapter implements LayerAdapter {
    /** For Guice. */
    @Inject
    public SpaceToDepthAdapter() {
    }

    @Override
    public void adapt(LayerContext context) {
        SpaceToDepthLayer conf = context.conf(SpaceToDepthLayer.class);
        context.add(new SpaceToDepthStage(context.info(), conf.getBlockSize(),
                conf.getDataFormat() != CNN2DFormat.NHWC));
    }
}

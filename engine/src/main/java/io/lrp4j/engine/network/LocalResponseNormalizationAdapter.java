package io.lrp4j.engine.network;

import jakarta.inject.Inject;
import org.deeplearning4j.nn.conf.layers.LocalResponseNormalization;

/**
 * {@code LocalResponseNormalization}: a {@link LocalResponseNormalizationStage}, NCHW or NHWC (computed
 * channels-first). Relevance passes through it unchanged under LRP, with a warning.
 */
public final class LocalResponseNormalizationAdapter implements LayerAdapter {
    /** For Guice. */
    @Inject
    public LocalResponseNormalizationAdapter() {
    }

    @Override
    public void adapt(LayerContext context) {
        LocalResponseNormalization conf = context.conf(LocalResponseNormalization.class);
        context.channelsFirst(conf.getDataFormat(), () -> context.add(new LocalResponseNormalizationStage(
                context.info(), conf.getK(), conf.getN(), conf.getAlpha(), conf.getBeta())));
    }
}

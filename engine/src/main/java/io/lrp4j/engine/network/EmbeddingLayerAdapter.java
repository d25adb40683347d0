package io.lrp4j.engine.network;

import jakarta.inject.Inject;
import org.deeplearning4j.nn.conf.layers.EmbeddingLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.Layer;

/** {@code EmbeddingSequenceLayer} and {@code EmbeddingLayer}: token ids looked up, then the layer's activation. */
public final class EmbeddingLayerAdapter implements LayerAdapter {
    /** For Guice. */
    @Inject
    public EmbeddingLayerAdapter() {
    }

    @Override
    public void adapt(LayerContext context) {
        Layer conf = context.conf(Layer.class);
        if (conf instanceof EmbeddingSequenceLayer seq) {
            context.add(new EmbeddingStage(context.info(), context.param("W"), context.param("b"), true,
                    seq.getOutputFormat()));
            context.addActivation(seq.getActivationFn());
        } else {
            EmbeddingLayer emb = (EmbeddingLayer) conf;
            context.add(new EmbeddingStage(context.info(), context.param("W"), context.param("b"), false, null));
            context.addActivation(emb.getActivationFn());
        }
    }
}

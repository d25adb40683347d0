package io.lrp4j.engine.network;

import jakarta.inject.Inject;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;

/**
 * {@code DenseLayer} and {@code OutputLayer}. An output layer's activation (softmax) is left out: what is explained
 * is the pre-softmax score.
 */
public final class DenseLayerAdapter implements LayerAdapter {
    /** For Guice. */
    @Inject
    public DenseLayerAdapter() {
    }

    @Override
    public void adapt(LayerContext context) {
        FeedForwardLayer conf = context.conf(FeedForwardLayer.class);
        context.add(new LinearStage(context.info(), StageKind.DENSE, new DenseMap(conf.getNIn()),
                context.param(DefaultParamInitializer.WEIGHT_KEY), context.rowParam(DefaultParamInitializer.BIAS_KEY)));
        if (!(conf instanceof BaseOutputLayer)) {
            context.addActivation(conf.getActivationFn());
        }
    }
}

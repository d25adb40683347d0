package io.lrp4j.engine.network;

import jakarta.inject.Inject;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;

/**
 * {@code RnnOutputLayer}: a dense map at every time step. One step's pre-softmax scores are explained, the last unless
 * the explainer names another ({@code --time-step}).
 */
public final class RnnOutputLayerAdapter implements LayerAdapter {
    /** For Guice. */
    @Inject
    public RnnOutputLayerAdapter() {
    }

    @Override
    public void adapt(LayerContext context) {
        RnnOutputLayer conf = context.conf(RnnOutputLayer.class);
        context.add(new TimeStepStage(context.info(), context.timeStep(), conf.getRnnDataFormat()));
        context.add(new LinearStage(context.info(), StageKind.DENSE, new DenseMap(conf.getNIn()),
                context.param(DefaultParamInitializer.WEIGHT_KEY), context.rowParam(DefaultParamInitializer.BIAS_KEY)));
    }
}

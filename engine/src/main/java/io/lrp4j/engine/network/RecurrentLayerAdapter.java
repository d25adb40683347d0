package io.lrp4j.engine.network;

import jakarta.inject.Inject;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code SimpleRnn} and {@code LSTM} (no peepholes; {@code GravesLSTM} is refused by name), alone, in
 * {@code Bidirectional} (CONCAT, ADD, AVERAGE) or wrapped in {@code LastTimeStep}, in either data format
 * ({@code NCW}, {@code NWC}). Their parameters keep DL4J's names
 * ({@code W}, {@code RW}, {@code b}) inside {@code LastTimeStep} too.
 */
public final class RecurrentLayerAdapter implements LayerAdapter {
    /** For Guice. */
    @Inject
    public RecurrentLayerAdapter() {
    }

    @Override
    public void adapt(LayerContext context) {
        Layer conf = context.conf(Layer.class);
        boolean lastStep = conf instanceof LastTimeStep;
        Layer underlying = lastStep ? ((LastTimeStep) conf).getUnderlying() : conf;
        if (underlying instanceof Bidirectional bidirectional) {
            RNNFormat format = bidirectional.getRNNDataFormat();
            RecurrentStage f = stage(context, bidirectional.getFwd(), "f", false);
            RecurrentStage b = stage(context, bidirectional.getBwd(), "b", false);
            context.add(new BidirectionalStage(context.info(), f, b, bidirectional.getMode(), lastStep, format));
            return;
        }
        if (!(underlying instanceof SimpleRnn) && !(underlying instanceof LSTM)) {
            throw context.unsupported("LastTimeStep wraps a " + underlying.getClass().getSimpleName()
                    + "; it can wrap a SimpleRnn or an LSTM");
        }
        context.add(stage(context, underlying, "", lastStep));
    }

    /** The stage of one recurrent layer whose parameters carry {@code prefix} (a Bidirectional's f and b). */
    private static RecurrentStage stage(LayerContext context, Layer layer, String prefix, boolean lastStep) {
        if (!(layer instanceof SimpleRnn) && !(layer instanceof LSTM)) {
            throw context.unsupported("Bidirectional wraps a " + layer.getClass().getSimpleName()
                    + "; it can wrap a SimpleRnn or an LSTM");
        }
        RNNFormat format = prefix.isEmpty() ? ((BaseRecurrentLayer) layer).getRnnDataFormat() : RNNFormat.NCW;
        INDArray w = context.param(prefix + "W");
        INDArray rw = context.param(prefix + "RW");
        INDArray b = context.param(prefix + "b");
        if (w == null || rw == null) {
            throw context.unsupported("its parameters " + prefix + "W and " + prefix + "RW were not found");
        }
        if (layer instanceof SimpleRnn simple) {
            if (simple.hasLayerNorm()) {
                throw context.unsupported("SimpleRnn with layer normalization");
            }
            return RecurrentStage.simpleRnn(context.info(), w, rw, b, simple.getActivationFn(), lastStep, format);
        }
        LSTM lstm = (LSTM) layer;
        return RecurrentStage.lstm(context.info(), w, rw, b, lstm.getActivationFn(), lstm.getGateActivationFn(),
                lastStep, format);
    }
}

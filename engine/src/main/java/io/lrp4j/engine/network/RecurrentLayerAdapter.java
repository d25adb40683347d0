package io.lrp4j.engine.network;

import jakarta.inject.Inject;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code SimpleRnn} and {@code LSTM} (no peepholes; {@code GravesLSTM} is refused by name), alone or wrapped in
 * {@code LastTimeStep}, in either data format ({@code NCW}, {@code NWC}). Their parameters keep DL4J's names
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
        if (!(underlying instanceof SimpleRnn) && !(underlying instanceof LSTM)) {
            throw context.unsupported("LastTimeStep wraps a " + underlying.getClass().getSimpleName()
                    + "; it can wrap a SimpleRnn or an LSTM");
        }
        BaseRecurrentLayer rnn = (BaseRecurrentLayer) underlying;
        RNNFormat format = rnn.getRnnDataFormat();
        INDArray w = context.param("W");
        INDArray rw = context.param("RW");
        INDArray b = context.param("b");
        if (w == null || rw == null) {
            throw context.unsupported("its parameters W and RW were not found");
        }
        if (underlying instanceof SimpleRnn simple) {
            if (simple.hasLayerNorm()) {
                throw context.unsupported("SimpleRnn with layer normalization");
            }
            context.add(RecurrentStage.simpleRnn(context.info(), w, rw, b, simple.getActivationFn(), lastStep,
                    format));
        } else {
            LSTM lstm = (LSTM) underlying;
            context.add(RecurrentStage.lstm(context.info(), w, rw, b, lstm.getActivationFn(),
                    lstm.getGateActivationFn(), lastStep, format));
        }
    }
}

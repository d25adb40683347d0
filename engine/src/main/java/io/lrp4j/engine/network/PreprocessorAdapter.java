package io.lrp4j.engine.network;

import org.deeplearning4j.nn.conf.InputPreProcessor;

/** Turns one DL4J input preprocessor class into a stage. */
public interface PreprocessorAdapter {
    /**
     * The stage for {@code preprocessor}, which sits in front of the layer {@code info}.
     *
     * @throws io.lrp4j.engine.ExplainException when this preprocessor cannot be explained
     */
    Stage adapt(LayerInfo info, InputPreProcessor preprocessor);
}

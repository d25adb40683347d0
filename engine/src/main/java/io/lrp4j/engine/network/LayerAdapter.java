package io.lrp4j.engine.network;

/**
 * Turns one DL4J layer configuration class into stages. One adapter is bound per configuration class in
 * {@link EngineModule}; a layer whose class has none is reported before anything runs.
 */
public interface LayerAdapter {
    /**
     * Appends the stages of the layer in {@code context}.
     *
     * @throws io.lrp4j.engine.ExplainException when this configuration of the layer cannot be explained
     */
    void adapt(LayerContext context);
}

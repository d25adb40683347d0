package io.lrp4j.engine.network;

import org.deeplearning4j.nn.conf.graph.GraphVertex;

/**
 * Turns one kind of {@code ComputationGraph} vertex that is not a layer (an element-wise sum, a concatenation, a
 * preprocessor) into a stage. One adapter is bound per vertex configuration class in {@link EngineModule}; a vertex
 * whose class has none is reported by name before anything runs.
 */
public interface VertexAdapter {
    /**
     * The stage of {@code vertex}, which reads {@code inputs} nodes.
     *
     * @throws io.lrp4j.engine.ExplainException when this configuration of the vertex cannot be explained
     */
    Stage adapt(LayerInfo info, GraphVertex vertex, int inputs);
}

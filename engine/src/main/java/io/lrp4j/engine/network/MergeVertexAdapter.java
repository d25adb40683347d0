package io.lrp4j.engine.network;

import jakarta.inject.Inject;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;

/** {@code MergeVertex}: its inputs concatenated along its merge axis (the channels or features, by default). */
public final class MergeVertexAdapter implements VertexAdapter {
    /** For Guice. */
    @Inject
    public MergeVertexAdapter() {
    }

    @Override
    public Stage adapt(LayerInfo info, GraphVertex vertex, int inputs) {
        return new MergeStage(info, ((MergeVertex) vertex).getMergeAxis());
    }
}

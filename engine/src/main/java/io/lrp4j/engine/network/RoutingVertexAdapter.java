package io.lrp4j.engine.network;

import jakarta.inject.Inject;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.ReshapeVertex;
import org.deeplearning4j.nn.conf.graph.SubsetVertex;
import org.deeplearning4j.nn.conf.graph.rnn.LastTimeStepVertex;

/**
 * Vertices that only move values, whose relevance goes back exactly where the values came from: {@code SubsetVertex},
 * {@code ReshapeVertex}, {@code LastTimeStepVertex} and {@code ReverseTimeSeriesVertex}.
 */
public final class RoutingVertexAdapter implements VertexAdapter {
    /** For Guice. */
    @Inject
    public RoutingVertexAdapter() {
    }

    @Override
    public Stage adapt(LayerInfo info, GraphVertex vertex, int inputs) {
        if (vertex instanceof SubsetVertex subset) {
            return new SubsetStage(info, subset.getFrom(), subset.getTo());
        }
        if (vertex instanceof ReshapeVertex reshape) {
            return new ReshapeVertexStage(info, reshape.getReshapeOrder(), reshape.getNewShape());
        }
        if (vertex instanceof org.deeplearning4j.nn.conf.graph.rnn.DuplicateToTimeSeriesVertex) {
            return new DuplicateToTimeStage(info);
        }
        if (vertex instanceof LastTimeStepVertex) {
            return TimeSeriesVertexStage.lastStep(info);
        }
        return TimeSeriesVertexStage.reversed(info);
    }
}

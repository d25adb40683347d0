package io.lrp4j.engine.network;

import jakarta.inject.Inject;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.deeplearning4j.nn.conf.graph.ShiftVertex;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code ScaleVertex} ({@code y = s x}) and {@code ShiftVertex} ({@code y = x + c}): element-wise maps that take the
 * {@code add} selector's rule, as the other element-wise vertices do. Under {@code proportional} a scale passes
 * relevance unchanged and a shift absorbs its share, as a bias does; the gradient is multiplied by the scale.
 */
public final class ScaleShiftVertexAdapter implements VertexAdapter {
    /** For Guice. */
    @Inject
    public ScaleShiftVertexAdapter() {
    }

    @Override
    public Stage adapt(LayerInfo info, GraphVertex vertex, int inputs) {
        if (vertex instanceof ScaleVertex scale) {
            return new LinearStage(info, StageKind.ADD, new ScalarAffineMap(scale.getScaleFactor()), null, null);
        }
        double shift = ((ShiftVertex) vertex).getShiftFactor();
        return new LinearStage(info, StageKind.ADD, new ScalarAffineMap(1), null,
                Nd4j.scalar(org.nd4j.linalg.api.buffer.DataType.DOUBLE, shift).reshape(1, 1));
    }
}

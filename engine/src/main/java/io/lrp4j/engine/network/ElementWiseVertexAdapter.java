package io.lrp4j.engine.network;

import io.lrp4j.engine.ExplainException;
import jakarta.inject.Inject;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;

/**
 * {@code ElementWiseVertex} with {@code Add}: a residual connection. Other operations (Subtract, Product, Average,
 * Max) are refused by name for now.
 */
public final class ElementWiseVertexAdapter implements VertexAdapter {
    /** For Guice. */
    @Inject
    public ElementWiseVertexAdapter() {
    }

    @Override
    public Stage adapt(LayerInfo info, GraphVertex vertex, int inputs) {
        ElementWiseVertex.Op op = ((ElementWiseVertex) vertex).getOp();
        if (op != ElementWiseVertex.Op.Add) {
            throw new ExplainException(info.describe() + " is not supported: ElementWiseVertex " + op
                    + "; only Add is, so far");
        }
        return LinearStage.add(info, inputs);
    }
}

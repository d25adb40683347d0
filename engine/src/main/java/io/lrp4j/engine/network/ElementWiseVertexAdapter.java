package io.lrp4j.engine.network;

import io.lrp4j.engine.ExplainException;
import jakarta.inject.Inject;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;

/**
 * {@code ElementWiseVertex}: {@code Add} (a residual connection), {@code Average} and {@code Subtract} (two inputs),
 * each a weighted sum whose rule (selector {@code add}) sees every input's contribution. {@code Product} (a gate,
 * which needs a rule that names the input carrying the signal) and {@code Max} are refused by name.
 */
public final class ElementWiseVertexAdapter implements VertexAdapter {
    /** For Guice. */
    @Inject
    public ElementWiseVertexAdapter() {
    }

    @Override
    public Stage adapt(LayerInfo info, GraphVertex vertex, int inputs) {
        ElementWiseVertex.Op op = ((ElementWiseVertex) vertex).getOp();
        switch (op) {
            case Add:
                return LinearStage.add(info, inputs);
            case Average:
                double[] mean = new double[inputs];
                java.util.Arrays.fill(mean, 1.0 / inputs);
                return LinearStage.weightedSum(info, mean);
            case Subtract:
                return LinearStage.weightedSum(info, new double[] {1, -1});
            default:
                throw new ExplainException(info.describe() + " is not supported: ElementWiseVertex " + op
                        + (op == ElementWiseVertex.Op.Product ? " (a gate: its rule would need to know which input"
                        + " carries the signal)" : "") + "; Add, Average and Subtract are");
        }
    }
}

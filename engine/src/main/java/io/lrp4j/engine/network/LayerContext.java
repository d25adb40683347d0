package io.lrp4j.engine.network;

import io.lrp4j.engine.ExplainException;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What an adapter sees of one DL4J layer while the network is compiled, and the stages compiled so far.
 */
public final class LayerContext {
    private final LayerInfo info;
    private final org.deeplearning4j.nn.conf.layers.Layer conf;
    private final Layer layer;
    private final List<Stage> stages;

    LayerContext(LayerInfo info, org.deeplearning4j.nn.conf.layers.Layer conf, Layer layer, List<Stage> stages) {
        this.info = info;
        this.conf = conf;
        this.layer = layer;
        this.stages = stages;
    }

    /** Index, name and type of the layer. */
    public LayerInfo info() {
        return info;
    }

    /** The layer's configuration, cast to the class the adapter was bound for. */
    public <T extends org.deeplearning4j.nn.conf.layers.Layer> T conf(Class<T> type) {
        return type.cast(conf);
    }

    /**
     * A copy of one of the layer's parameters, so that nothing the engine does can touch the model, or null when
     * the layer has no such parameter.
     */
    public INDArray param(String key) {
        INDArray p = layer.paramTable().get(key);
        return p == null ? null : p.dup('c');
    }

    /** A parameter as a row vector {@code [1, n]}, or null. */
    public INDArray rowParam(String key) {
        INDArray p = param(key);
        return p == null ? null : p.reshape(1, p.length());
    }

    /** Appends a stage. */
    public void add(Stage stage) {
        stages.add(stage);
    }

    /** Appends an activation stage unless the activation is the identity. */
    public void addActivation(IActivation function) {
        if (function != null && !(function instanceof ActivationIdentity)) {
            stages.add(new ActivationStage(info, function));
        }
    }

    /** The last stage compiled so far, or null. */
    public Stage last() {
        return stages.isEmpty() ? null : stages.get(stages.size() - 1);
    }

    /** Replaces the last stage, for folding. */
    public void replaceLast(Stage stage) {
        stages.set(stages.size() - 1, stage);
    }

    /** An error that says this layer cannot be explained, and why. */
    public ExplainException unsupported(String why) {
        return new ExplainException(info.describe() + " is not supported: " + why);
    }
}

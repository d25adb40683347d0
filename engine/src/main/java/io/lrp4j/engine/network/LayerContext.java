package io.lrp4j.engine.network;

import io.lrp4j.engine.ExplainException;
import org.deeplearning4j.nn.api.Layer;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What an adapter sees of one DL4J layer while the network is compiled, and the stages compiled so far: the stages
 * it adds read the layer's input, then each the one added before it.
 */
public final class LayerContext {
    private final LayerInfo info;
    private final org.deeplearning4j.nn.conf.layers.Layer conf;
    private final Layer layer;
    private final StageGraph graph;
    /** The node the next stage reads. */
    private int current;
    /** The time step whose scores a sequence output explains, counted from 0 or from the end when negative. */
    private final int timeStep;
    /** Whether the stage at {@code current} may be replaced: nothing but this layer reads it. */
    private boolean foldable;

    /**
     * @param input the node the layer reads
     * @param inputFoldable whether this layer is the only reader of {@code input}, so that a stage there may be
     *     replaced by one with this layer folded in
     */
    LayerContext(LayerInfo info, org.deeplearning4j.nn.conf.layers.Layer conf, Layer layer, StageGraph graph,
            int input, boolean inputFoldable, int timeStep) {
        this.timeStep = timeStep;
        this.info = info;
        this.conf = conf;
        this.layer = layer;
        this.graph = graph;
        this.current = input;
        this.foldable = inputFoldable && input >= 0;
    }

    /**
     * For a layer with an output at every time step ({@code RnnOutputLayer}): the step whose scores are explained,
     * counted from 0, or from the end when negative ({@code -1}, the default, is the last).
     */
    public int timeStep() {
        return timeStep;
    }

    /** The node the layer's last stage writes: what readers of the layer read. */
    int output() {
        return current;
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

    /** Appends a stage that reads what the layer has computed so far. */
    public void add(Stage stage) {
        current = graph.add(stage, current);
        foldable = true;
    }

    /** Appends an activation stage unless the activation is the identity. */
    public void addActivation(IActivation function) {
        if (function != null && !(function instanceof ActivationIdentity)) {
            add(new ActivationStage(info, function));
        }
    }

    /**
     * The stage whose output this layer reads, when this layer may fold into it: nothing else reads that output.
     * Null when the layer reads the network's input, or an output other layers read too (folding would change what
     * they see).
     */
    public Stage last() {
        return foldable ? graph.stage(current) : null;
    }

    /** Replaces the stage {@link #last()} returned, for folding. */
    public void replaceLast(Stage stage) {
        if (!foldable) {
            throw new IllegalStateException("nothing to fold into");
        }
        graph.replace(current, stage);
    }

    /**
     * Adds a layer's stages so that they compute channels-first: for a channels-last ({@code NHWC}) layer, between a
     * {@link LayoutStage} to NCHW and one back.
     */
    public void channelsFirst(org.deeplearning4j.nn.conf.CNN2DFormat format, Runnable addStages) {
        boolean channelsLast = format == org.deeplearning4j.nn.conf.CNN2DFormat.NHWC;
        if (channelsLast) {
            toChannelsFirst();
        }
        addStages.run();
        if (channelsLast) {
            add(LayoutStage.toChannelsLast(info));
        }
    }

    /**
     * Moves channels-last images to channels-first for the stages this layer adds next. Where the layer before moved
     * its result to channels-last and only this layer reads it, the two moves cancel: that move is taken back instead
     * (two copies of the activation fewer, and a BatchNormalization after a channels-last convolution can fold into
     * it as after a channels-first one).
     */
    public void toChannelsFirst() {
        if (last() instanceof LayoutStage layout && layout.toChannelsLast()) {
            int before = graph.removeIfLast(current);
            if (before != current) {
                current = before;
                foldable = before >= 0;
                return;
            }
        }
        add(LayoutStage.toChannelsFirst(info));
    }

    /**
     * Adds a one-dimensional layer's stages so that they compute on images {@code [batch, features, time, 1]}, as DL4J
     * computes them: between a {@link SequenceImageStage} from the sequence layout and one back to it.
     */
    public void sequenceAsImage(org.deeplearning4j.nn.conf.RNNFormat format, Runnable addStages) {
        add(SequenceImageStage.toImage(info, format));
        addStages.run();
        add(SequenceImageStage.toSequence(info, format));
    }

    /** An error that says this layer cannot be explained, and why. */
    public ExplainException unsupported(String why) {
        return new ExplainException(info.describe() + " is not supported: " + why);
    }
}

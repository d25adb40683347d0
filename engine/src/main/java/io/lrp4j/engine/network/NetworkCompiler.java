package io.lrp4j.engine.network;

import io.lrp4j.engine.ExplainException;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Compiles a {@link MultiLayerNetwork} into stages with the bound adapters. Every layer is checked before anything
 * runs; the model is only read.
 */
public final class NetworkCompiler {
    private final Map<Class<?>, LayerAdapter> layers;
    private final Map<Class<?>, PreprocessorAdapter> preprocessors;

    /** For Guice. */
    @Inject
    public NetworkCompiler(Map<Class<?>, LayerAdapter> layers, Map<Class<?>, PreprocessorAdapter> preprocessors) {
        this.layers = layers;
        this.preprocessors = preprocessors;
    }

    /**
     * @throws ExplainException naming the first layer that cannot be explained
     */
    public CompiledNetwork compile(MultiLayerNetwork net) {
        if (net.getLayers() == null) {
            throw new ExplainException("the network is not initialised; call net.init() before explaining it");
        }
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
        List<Stage> stages = new ArrayList<>();
        for (int i = 0; i < net.getnLayers(); i++) {
            Layer layerConf = conf.getConf(i).getLayer();
            String name = layerConf.getLayerName() == null ? String.valueOf(i) : layerConf.getLayerName();
            LayerInfo info = new LayerInfo(i, name, layerConf.getClass().getSimpleName());
            InputPreProcessor pre = conf.getInputPreProcess(i);
            if (pre != null) {
                PreprocessorAdapter adapter = preprocessors.get(pre.getClass());
                if (adapter == null) {
                    throw new ExplainException("the preprocessor of " + info.describe() + " ("
                            + pre.getClass().getSimpleName() + ") is not supported; supported preprocessors: "
                            + names(preprocessors.keySet()));
                }
                stages.add(adapter.adapt(info, pre));
            }
            LayerAdapter adapter = layers.get(layerConf.getClass());
            if (adapter == null) {
                throw new ExplainException(info.describe() + " is not supported; supported layers: "
                        + names(layers.keySet()));
            }
            adapter.adapt(new LayerContext(info, layerConf, net.getLayer(i), stages));
        }
        if (stages.isEmpty() || !(stages.get(stages.size() - 1) instanceof LinearStage last)
                || last.kind() != StageKind.DENSE) {
            throw new ExplainException("the network must end in a DenseLayer or OutputLayer whose pre-activation is"
                    + " the score to explain");
        }
        return new CompiledNetwork(stages, net.getLayerWiseConfigurations().getDataType());
    }

    private static String names(java.util.Set<Class<?>> classes) {
        TreeSet<String> sorted = new TreeSet<>();
        classes.forEach(c -> sorted.add(c.getSimpleName()));
        return String.join(", ", sorted);
    }
}

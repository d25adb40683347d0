package io.lrp4j.engine.network;

import io.lrp4j.engine.ExplainException;
import jakarta.inject.Inject;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Compiles a {@link MultiLayerNetwork} (a chain) or a {@link ComputationGraph} (a graph) into stages with the bound
 * adapters. Every layer and vertex is checked before anything runs; the model is only read.
 */
public final class NetworkCompiler {
    private final Map<Class<?>, LayerAdapter> layers;
    private final Map<Class<?>, PreprocessorAdapter> preprocessors;
    private final Map<Class<?>, VertexAdapter> vertices;

    /** For Guice. */
    @Inject
    public NetworkCompiler(Map<Class<?>, LayerAdapter> layers, Map<Class<?>, PreprocessorAdapter> preprocessors,
            Map<Class<?>, VertexAdapter> vertices) {
        this.layers = layers;
        this.preprocessors = preprocessors;
        this.vertices = vertices;
    }

    /**
     * @throws ExplainException naming the first layer that cannot be explained
     */
    public CompiledNetwork compile(MultiLayerNetwork net) {
        return compile(net, -1);
    }

    /**
     * @param timeStep for a sequence output, the time step whose scores are explained: from 0, or from the end when
     *     negative
     * @throws ExplainException naming the first layer that cannot be explained
     */
    public CompiledNetwork compile(MultiLayerNetwork net, int timeStep) {
        if (net.getLayers() == null) {
            throw new ExplainException("the network is not initialised; call net.init() before explaining it");
        }
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
        StageGraph graph = new StageGraph();
        int current = StageGraph.INPUT;
        for (int i = 0; i < net.getnLayers(); i++) {
            Layer layerConf = conf.getConf(i).getLayer();
            String name = layerConf.getLayerName() == null ? String.valueOf(i) : layerConf.getLayerName();
            LayerInfo info = new LayerInfo(i, name, layerConf.getClass().getSimpleName());
            InputPreProcessor pre = conf.getInputPreProcess(i);
            if (pre != null) {
                current = graph.add(preprocessor(info, pre), current);
            }
            LayerContext context = new LayerContext(info, layerConf, net.getLayer(i), graph, current, true, timeStep);
            layerAdapter(info, layerConf).adapt(context);
            current = context.output();
        }
        graph.scores(current);
        checkEnd(graph);
        return graph.build(conf.getDataType());
    }

    /**
     * Compiles the part of a graph that computes one output: the vertices it depends on, in topological order.
     *
     * @param output the output vertex to explain, or null for the graph's first output
     * @throws ExplainException for an unknown output, or the first vertex that cannot be explained
     */
    public CompiledNetwork compile(ComputationGraph net, String output) {
        if (net.getVertices() == null) {
            throw new ExplainException("the network is not initialised; call net.init() before explaining it");
        }
        ComputationGraphConfiguration conf = net.getConfiguration();
        List<String> networkInputs = conf.getNetworkInputs();
        List<String> outputs = conf.getNetworkOutputs();
        String explained = output == null ? outputs.get(0) : output;
        if (!outputs.contains(explained)) {
            throw new ExplainException("--output " + explained + " names no output of the graph; its outputs are "
                    + String.join(", ", outputs));
        }
        Map<String, List<String>> vertexInputs = conf.getVertexInputs();
        Set<String> needed = ancestors(explained, vertexInputs);
        Map<String, Integer> readers = new HashMap<>();
        for (String v : needed) {
            for (String in : vertexInputs.getOrDefault(v, List.of())) {
                readers.merge(in, 1, Integer::sum);
            }
        }
        StageGraph graph = new StageGraph();
        Map<String, Integer> nodeOf = new HashMap<>();
        for (int k = 0; k < networkInputs.size(); k++) {
            nodeOf.put(networkInputs.get(k), CompiledNetwork.inputNode(k));
        }
        org.deeplearning4j.nn.graph.vertex.GraphVertex[] runtime = net.getVertices();
        int position = 0;
        for (int idx : net.topologicalSortOrder()) {
            String name = runtime[idx].getVertexName();
            if (!needed.contains(name) || nodeOf.containsKey(name)) {
                continue;
            }
            GraphVertex vertex = conf.getVertices().get(name);
            List<String> ins = vertexInputs.get(name);
            int[] from = ins.stream().mapToInt(nodeOf::get).toArray();
            if (vertex instanceof LayerVertex layerVertex) {
                Layer layerConf = layerVertex.getLayerConf().getLayer();
                LayerInfo info = new LayerInfo(position, name, layerConf.getClass().getSimpleName());
                if (from.length != 1) {
                    throw new ExplainException(info.describe() + " reads " + from.length + " vertices " + ins
                            + "; a layer with several inputs is not supported: merge them with a MergeVertex first");
                }
                int current = from[0];
                InputPreProcessor pre = layerVertex.getPreProcessor();
                if (pre != null) {
                    current = graph.add(preprocessor(info, pre), current);
                }
                LayerContext context = new LayerContext(info, layerConf, net.getLayer(name), graph, current,
                        pre == null && readers.getOrDefault(ins.get(0), 0) == 1, -1);
                layerAdapter(info, layerConf).adapt(context);
                nodeOf.put(name, context.output());
            } else {
                LayerInfo info = new LayerInfo(position, name, vertex.getClass().getSimpleName());
                Stage stage;
                if (vertex instanceof PreprocessorVertex pv) {
                    stage = preprocessor(info, pv.getPreProcessor());
                } else {
                    VertexAdapter adapter = vertices.get(vertex.getClass());
                    if (adapter == null) {
                        throw new ExplainException(info.describe() + " is not supported; supported vertices: "
                                + names(vertices.keySet()) + ", PreprocessorVertex and layers");
                    }
                    stage = adapter.adapt(info, vertex, from.length);
                }
                if (vertex instanceof org.deeplearning4j.nn.conf.graph.rnn.DuplicateToTimeSeriesVertex duplicate) {
                    // It reads the length of a network input that is not among its vertex inputs.
                    Integer reference = nodeOf.get(duplicate.getInputName());
                    if (reference == null || reference >= 0) {
                        throw new ExplainException(info.describe() + " takes its length from "
                                + duplicate.getInputName() + ", which is not an input of the graph");
                    }
                    from = new int[] {from[0], reference};
                }
                if (stage.join() == null && from.length != 1) {
                    throw new ExplainException(info.describe() + " reads " + from.length + " vertices; it takes one");
                }
                nodeOf.put(name, graph.add(stage, from));
            }
            position++;
        }
        Integer scores = nodeOf.get(explained) == null ? null : graph.scores(nodeOf.get(explained));
        checkEnd(graph);
        if (scores == null || scores < 0 || graph.stage(scores) != graph.last()) {
            throw new ExplainException("the output " + explained + " must be computed by its last layer");
        }
        return graph.build(conf.getDataType(), networkInputs);
    }

    /** The vertices {@code vertex} depends on, itself included. */
    private static Set<String> ancestors(String vertex, Map<String, List<String>> vertexInputs) {
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(vertex));
        while (!todo.isEmpty()) {
            String v = todo.pop();
            if (seen.add(v)) {
                todo.addAll(vertexInputs.getOrDefault(v, List.of()));
            }
        }
        return seen;
    }

    private LayerAdapter layerAdapter(LayerInfo info, Layer layerConf) {
        LayerAdapter adapter = layers.get(layerConf.getClass());
        if (adapter == null) {
            throw new ExplainException(info.describe() + " is not supported; supported layers: "
                    + names(layers.keySet()));
        }
        return adapter;
    }

    private Stage preprocessor(LayerInfo info, InputPreProcessor pre) {
        PreprocessorAdapter adapter = preprocessors.get(pre.getClass());
        if (adapter == null) {
            throw new ExplainException("the preprocessor of " + info.describe() + " ("
                    + pre.getClass().getSimpleName() + ") is not supported; supported preprocessors: "
                    + names(preprocessors.keySet()));
        }
        return adapter.adapt(info, pre);
    }

    private static void checkEnd(StageGraph graph) {
        if (graph.isEmpty() || !(graph.last() instanceof LinearStage last) || last.kind() != StageKind.DENSE
                && !(last.map() instanceof GlobalPoolingMap)) {
            throw new ExplainException("the network must end in a layer whose output is the score to explain: a"
                    + " DenseLayer or OutputLayer (its pre-activation), or a GlobalPoolingLayer (as SqueezeNet, before"
                    + " its softmax)");
        }
    }

    private static String names(java.util.Set<Class<?>> classes) {
        TreeSet<String> sorted = new TreeSet<>();
        classes.forEach(c -> sorted.add(c.getSimpleName()));
        return String.join(", ", sorted);
    }
}

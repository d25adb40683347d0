package io.lrp4j.engine.network;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Stages as they are compiled, in topological order, each wired to the nodes it reads: node {@code k} is stage
 * {@code k}'s output, and {@link #INPUT} is the network's input. A {@code MultiLayerNetwork} compiles to a chain, a
 * {@code ComputationGraph} to a graph with branches and joins.
 */
final class StageGraph {
    /** The node of the network's (first) input; input {@code k} is {@link CompiledNetwork#inputNode}{@code (k)}. */
    static final int INPUT = -1;

    private final List<Stage> stages = new ArrayList<>();
    private final List<int[]> inputs = new ArrayList<>();

    /** Appends a stage that reads {@code from} and returns its node. */
    int add(Stage stage, int... from) {
        stages.add(stage);
        inputs.add(from.clone());
        return stages.size() - 1;
    }

    /** Puts {@code stage} in the place of the stage at {@code node}, reading what it read (for folding). */
    void replace(int node, Stage stage) {
        stages.set(node, stage);
    }

    /**
     * Removes the stage at {@code node} when it is the last one compiled, and returns the node it read; returns
     * {@code node} itself, removing nothing, otherwise (another branch was compiled after it, and removing it would
     * renumber that branch's nodes).
     */
    int removeIfLast(int node) {
        if (node != stages.size() - 1 || inputs.get(node).length != 1) {
            return node;
        }
        int before = inputs.get(node)[0];
        stages.remove(node);
        inputs.remove(node);
        return before;
    }

    /** The stage at a node. */
    Stage stage(int node) {
        return stages.get(node);
    }

    /** Whether nothing has been compiled yet. */
    boolean isEmpty() {
        return stages.isEmpty();
    }

    /** The last stage compiled. */
    Stage last() {
        return stages.get(stages.size() - 1);
    }

    /**
     * The node the scores come from, given the node the model's output comes from: a softmax at the very end (an
     * {@code ActivationLayer} before a {@code LossLayer}, as in SqueezeNet) is dropped, since the pre-softmax score is
     * what is explained.
     */
    int scores(int output) {
        if (output == stages.size() - 1 && output >= 0 && stages.get(output) instanceof ActivationStage act
                && act.isSoftmax()) {
            int before = inputs.get(output)[0];
            stages.remove(output);
            inputs.remove(output);
            return before;
        }
        return output;
    }

    /** The compiled network, with one input. */
    CompiledNetwork build(DataType dataType) {
        return new CompiledNetwork(stages, inputs, dataType);
    }

    /** The compiled network, with these inputs. */
    CompiledNetwork build(DataType dataType, List<String> inputNames) {
        return new CompiledNetwork(stages, inputs, dataType, inputNames);
    }
}

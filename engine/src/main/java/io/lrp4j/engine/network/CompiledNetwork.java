package io.lrp4j.engine.network;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A network as a graph of immutable stages in topological order, with its data type. Safe to share between threads.
 * Node {@code k} is stage {@code k}'s output; node {@code -1} is the network's input. The last stage computes the
 * scores to explain, and every stage leads to it.
 *
 * @param stages the stages from input to output score, in topological order
 * @param inputs for each stage, the nodes it reads: one, or several for a stage with a {@link Stage#join()}
 * @param dataType the model's data type; computation runs in it
 */
public record CompiledNetwork(List<Stage> stages, List<int[]> inputs, DataType dataType) {
    /** The network with unmodifiable copies of its stages and wiring. */
    public CompiledNetwork {
        stages = List.copyOf(stages);
        inputs = inputs.stream().map(int[]::clone).toList();
    }

    /** A chain: each stage reads the one before it, the first the input. */
    public static CompiledNetwork chain(List<Stage> stages, DataType dataType) {
        List<int[]> inputs = new java.util.ArrayList<>();
        for (int i = 0; i < stages.size(); i++) {
            inputs.add(new int[] {i - 1});
        }
        return new CompiledNetwork(stages, inputs, dataType);
    }

    /** The nodes stage {@code i} reads. */
    public int[] inputsOf(int i) {
        return inputs.get(i).clone();
    }

    /** How many stages read node {@code node} ({@code -1}: the input), counting a stage once per read. */
    public int consumers(int node) {
        int n = 0;
        for (int[] in : inputs) {
            for (int k : in) {
                n += k == node ? 1 : 0;
            }
        }
        return n;
    }

    /** Bytes held by the parameter-derived arrays (such as {@code w+}) the stages have cached so far. */
    public long cachedBytes() {
        return stages.stream().mapToLong(s -> s instanceof LinearStage linear ? linear.derivedBytes() : 0).sum();
    }
}

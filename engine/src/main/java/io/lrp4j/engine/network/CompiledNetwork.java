package io.lrp4j.engine.network;

import io.lrp4j.engine.ExplainException;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A network as a graph of immutable stages in topological order, with its data type. Safe to share between threads.
 * Node {@code k} is stage {@code k}'s output; node {@code -1} is the network's input. The last stage computes the
 * scores to explain, and every stage leads to it.
 *
 * @param stages the stages from input to output score, in topological order
 * @param inputs for each stage, the nodes it reads: one, or several for a stage with a {@link Stage#join()}
 * @param dataType the model's data type; computation runs in it
 */
public record CompiledNetwork(List<Stage> stages, List<int[]> inputs, DataType dataType, List<String> inputNames) {
    /** The network with unmodifiable copies of its stages and wiring. */
    public CompiledNetwork {
        stages = List.copyOf(stages);
        inputs = inputs.stream().map(int[]::clone).toList();
        inputNames = List.copyOf(inputNames);
    }

    /** A network with one input, named {@code input}. */
    public CompiledNetwork(List<Stage> stages, List<int[]> inputs, DataType dataType) {
        this(stages, inputs, dataType, List.of("input"));
    }

    /** The node of network input {@code k}: {@code -1} for the first, {@code -2} for the second, and so on. */
    public static int inputNode(int k) {
        return -1 - k;
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

    /**
     * Checks that a feature mask {@code [batch, T]} reaches only stages that explain under it, as DL4J passes it on:
     * from the input through embeddings, element-wise activations and recurrent layers to the stage that ends the
     * sequence ({@code LastTimeStep}, or the explained step of an {@code RnnOutputLayer}, which must be kept in every
     * row). DL4J uses the mask elsewhere too (masked global pooling, per-step dense layers): those are refused.
     *
     * @throws ExplainException naming the first stage that would read the mask and is not explained under one
     */
    public void checkMaskPath(INDArray mask) {
        if (inputNames.size() > 1) {
            throw new ExplainException("a feature mask goes with a model of one input; this one has "
                    + inputNames.size());
        }
        if (stages.stream().noneMatch(s -> s instanceof SequenceStage || s instanceof TimeStepStage)) {
            throw new ExplainException("the model has no recurrent layer for a feature mask to act on");
        }
        // Node -1, the input, carries the mask; a stage that passes a sequence on passes it on.
        java.util.Set<Integer> carrying = new java.util.HashSet<>(List.of(-1));
        boolean ended = false;
        for (int i = 0; i < stages.size(); i++) {
            Stage stage = stages.get(i);
            int[] from = inputs.get(i);
            if (java.util.Arrays.stream(from).noneMatch(carrying::contains)) {
                continue;
            }
            boolean single = from.length == 1;
            if (single && (stage instanceof EmbeddingStage || stage instanceof ActivationStage)) {
                carrying.add(i);
            } else if (single && stage instanceof SequenceStage sequence) {
                if (sequence.endsSequence()) {
                    ended = true;
                } else {
                    carrying.add(i);
                }
            } else if (single && stage instanceof TimeStepStage step) {
                step.checkKept(mask);
                ended = true;
            } else {
                throw new ExplainException("a feature mask would reach " + stage.layer().describe() + ", which"
                        + " lrp4j does not explain under a mask; masks work through embedding, activation, recurrent,"
                        + " LastTimeStep, Bidirectional and RnnOutputLayer layers");
            }
        }
        if (!ended) {
            throw new ExplainException("the feature mask reaches no layer that ends the sequence");
        }
    }

    /** What a user should know about explaining this network, one line each; empty for most networks. */
    public List<String> warnings() {
        return stages.stream().filter(LocalResponseNormalizationStage.class::isInstance)
                .map(s -> ((LocalResponseNormalizationStage) s).warning()).toList();
    }

    /** Whether the scores are one time step of a sequence output (an {@code RnnOutputLayer}'s). */
    public boolean explainsOneTimeStep() {
        return stages.stream().anyMatch(TimeStepStage.class::isInstance);
    }

    /** Bytes held by the parameter-derived arrays (such as {@code w+}) the stages have cached so far. */
    public long cachedBytes() {
        return stages.stream().mapToLong(s -> s instanceof LinearStage linear ? linear.derivedBytes() : 0).sum();
    }
}

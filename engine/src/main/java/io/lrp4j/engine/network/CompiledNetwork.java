package io.lrp4j.engine.network;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A network as a chain of immutable stages, with its data type. Safe to share between threads.
 *
 * @param stages the stages from input to output score
 * @param dataType the model's data type; computation runs in it
 */
public record CompiledNetwork(List<Stage> stages, DataType dataType) {
    /** The network with an unmodifiable copy of its stages. */
    public CompiledNetwork {
        stages = List.copyOf(stages);
    }

    /** Bytes held by the parameter-derived arrays (such as {@code w+}) the stages have cached so far. */
    public long cachedBytes() {
        return stages.stream().mapToLong(s -> s instanceof LinearStage linear ? linear.derivedBytes() : 0).sum();
    }
}

package io.lrp4j.engine.network;

import io.lrp4j.api.LinearView;
import io.lrp4j.engine.ExplainException;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A linear layer: dense, convolution or pooling, with its (possibly folded) weight and bias.
 */
public final class LinearStage extends Stage {
    private final LinearMap map;
    private final INDArray weight;
    private final INDArray bias;
    private final Join join;
    /** Parameter-derived arrays (w+, w^2, ...), computed once per stage, shared by threads. */
    private final java.util.concurrent.ConcurrentHashMap<String, INDArray> derived =
            new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * @param weight the weight in DL4J layout, or null for pooling
     * @param bias the bias as a vector, or null
     */
    public LinearStage(LayerInfo layer, StageKind kind, LinearMap map, INDArray weight, INDArray bias) {
        this(layer, kind, map, weight, bias, null);
    }

    private LinearStage(LayerInfo layer, StageKind kind, LinearMap map, INDArray weight, INDArray bias, Join join) {
        super(layer, kind);
        this.map = map;
        this.weight = weight == null ? null : map.stored(weight);
        this.bias = bias;
        this.join = join;
    }

    /** An element-wise sum of {@code summands} inputs of one shape, a linear stage without weights. */
    static LinearStage add(LayerInfo layer, int summands) {
        return new LinearStage(layer, StageKind.ADD, new AddMap(summands), null, null, new StackJoin());
    }

    /** An element-wise sum of as many inputs as coefficients, each times its coefficient (Average, Subtract). */
    static LinearStage weightedSum(LayerInfo layer, double[] coefficients) {
        return new LinearStage(layer, StageKind.ADD, new AddMap(coefficients), null, null, new StackJoin());
    }

    @Override
    public Join join() {
        return join;
    }

    /** The weight, or null. */
    public INDArray weight() {
        return weight;
    }

    /** The bias, or null. */
    public INDArray bias() {
        return bias;
    }

    /** An array derived from this stage's parameters, computed on first use. */
    @SuppressWarnings("try") // the scope only keeps the array out of any active workspace
    INDArray derived(String key, java.util.function.Supplier<INDArray> compute) {
        INDArray known = derived.get(key);
        if (known != null) {
            return known;
        }
        // Computed outside the map: one derived array may be built from another (gamma's from w+), and
        // computeIfAbsent must not be re-entered. Two threads may both compute it; the first one wins.
        // Outside any workspace too, since the array outlives the call that first asks for it.
        INDArray fresh;
        try (org.nd4j.linalg.api.memory.MemoryWorkspace ws =
                org.nd4j.linalg.factory.Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            fresh = compute.get();
            // A weight derived from the weight (w+, say) goes to the map laid out as the weight is.
            if (weight != null && Arrays.equals(fresh.shape(), weight.shape())) {
                fresh = map.stored(fresh);
            }
        }
        INDArray raced = derived.putIfAbsent(key, fresh);
        return raced == null ? fresh : raced;
    }

    /** Bytes held by the parameter-derived arrays computed so far. */
    long derivedBytes() {
        return derived.values().stream().mapToLong(a -> a.length() * a.dataType().width()).sum();
    }

    /** The layer's geometry. */
    public LinearMap map() {
        return map;
    }

    @Override
    public INDArray forward(INDArray input) {
        String misfit = map.misfit(input);
        if (misfit != null) {
            throw new ExplainException("the input does not fit the model: " + layer().describe() + " expects "
                    + misfit + ", got shape " + Arrays.toString(input.shape()));
        }
        return map.forward(input, weight, bias);
    }

    /**
     * The view rules see, over the arrays this stage recorded in one forward pass.
     *
     * @param outputFree whether nothing but this view reads {@code output} any more, so that
     *     {@link LinearView#takeOutput()} may hand it over instead of a copy
     */
    public LinearView view(INDArray input, INDArray output, boolean outputFree) {
        return view(input, output, outputFree, null);
    }

    /**
     * The view rules see, as {@link #view(INDArray, INDArray, boolean)}, whose {@link LinearView#releaseUpper()} runs
     * {@code upperRelease} (once; null for nothing): the engine frees the relevance there, the testkit spoils it.
     */
    public LinearView view(INDArray input, INDArray output, boolean outputFree, Runnable upperRelease) {
        return new RecordedLinearView(this, input, output, outputFree, upperRelease);
    }

    /**
     * This stage with an affine map {@code y = scale * z + shift} per output unit folded in: the weight's output
     * units are scaled and the bias becomes {@code b * scale + shift}. Used to fold BatchNormalization.
     */
    public LinearStage foldAffine(LayerInfo folded, INDArray scale, INDArray shift) {
        INDArray w = scaleOutputs(weight, scale);
        INDArray b = bias == null ? shift.dup() : bias.mul(scale).addi(shift);
        return new LinearStage(folded, kind(), map, w, b);
    }

    private INDArray scaleOutputs(INDArray w, INDArray scale) {
        if (kind() == StageKind.DENSE) {
            // Dense W is [nIn, nOut]: output units are columns.
            return w.mulRowVector(scale.reshape(1, scale.length()));
        }
        // Convolution W is [nOut, nIn, kH, kW]: output units are the first dimension.
        long nOut = w.size(0);
        return w.reshape('c', nOut, w.length() / nOut).mulColumnVector(scale.reshape(nOut, 1)).reshape('c', w.shape());
    }
}

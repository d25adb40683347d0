package io.lrp4j.engine.network;

import io.lrp4j.api.Stabilizer;
import io.lrp4j.engine.ExplainException;
import java.util.Arrays;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * {@code EmbeddingSequenceLayer} (token ids {@code [N, T]} to vectors {@code [N, dim, T]}, or {@code [N, T, dim]}
 * for {@code NWC}) and {@code EmbeddingLayer} (ids {@code [N, 1]} to {@code [N, dim]}): a lookup, which is the
 * linear map of a one-hot vector. A token's relevance is its vector's, summed over the embedding dimension, each
 * dimension's share taken as its lookup's part of the output ({@code W[id, j] / s(W[id, j] + b_j)}, exactly 1 without
 * a bias), as the epsilon rule would give the one-hot input.
 */
public final class EmbeddingStage extends Stage {
    private final INDArray weight;
    private final INDArray bias;
    private final boolean sequence;
    private final RNNFormat format;

    EmbeddingStage(LayerInfo info, INDArray weight, INDArray bias, boolean sequence, RNNFormat format) {
        super(info, StageKind.EMBEDDING);
        this.weight = weight;
        this.bias = bias == null ? null : bias.reshape(1, bias.length());
        this.sequence = sequence;
        this.format = format == null ? RNNFormat.NCW : format;
    }

    /** A copy of the embedding's vectors, {@code [vocabulary, dim]}, one row per token id (the bias left out). */
    public INDArray vectors() {
        return weight.dup();
    }

    /** Token ids as whole numbers {@code [N, T]}, checked against the vocabulary. */
    private INDArray ids(INDArray input) {
        INDArray ids = input.rank() == 3 && input.size(1) == 1 ? input.reshape(input.size(0), input.size(2)) : input;
        if (ids.rank() != 2 || !sequence && ids.size(1) != 1) {
            throw new ExplainException("the input does not fit the model: " + layer().describe() + " reads token ids "
                    + (sequence ? "[batch, time]" : "[batch, 1]") + ", got shape " + Arrays.toString(input.shape()));
        }
        if (ids.dataType().isFPType() && Transforms.abs(ids.sub(Transforms.floor(ids, true))).maxNumber()
                .doubleValue() > 0) {
            throw new ExplainException(layer().describe() + " reads token ids, and the input holds fractions: give"
                    + " the ids as whole numbers (int32 or int64), not embedded or scaled values");
        }
        double low = ids.minNumber().doubleValue();
        double high = ids.maxNumber().doubleValue();
        if (low < 0 || high >= weight.size(0)) {
            throw new ExplainException("token ids from " + (long) low + " to " + (long) high + " do not fit "
                    + layer().describe() + ", whose vocabulary has " + weight.size(0) + " tokens (0 to "
                    + (weight.size(0) - 1) + ")");
        }
        return ids.castTo(DataType.INT64);
    }

    /** The looked-up rows, {@code [N * T, dim]} in row-major order of {@code ids}. */
    private INDArray lookup(INDArray ids) {
        long[] flat = ids.dup('c').reshape(ids.length()).toLongVector();
        return Nd4j.pullRows(weight, 1, Arrays.stream(flat).mapToInt(Math::toIntExact).toArray());
    }

    @Override
    public INDArray forward(INDArray input) {
        INDArray ids = ids(input);
        long rows = ids.size(0);
        long steps = ids.size(1);
        INDArray vectors = lookup(ids);
        if (bias != null) {
            vectors.addiRowVector(bias);
        }
        INDArray out = vectors.castTo(input.dataType().isFPType() ? input.dataType() : weight.dataType());
        if (!sequence) {
            return out;
        }
        INDArray nwc = out.reshape('c', rows, steps, weight.size(1));
        return format == RNNFormat.NWC ? nwc : nwc.permute(0, 2, 1).dup('c');
    }

    /**
     * Relevance at the input: per token, the relevance of its vector summed over the embedding dimension. With
     * {@code timesVectors} (gradient x input), the gradient at the vector times the vector, summed likewise: ids are
     * no input to multiply by.
     */
    public INDArray backward(INDArray input, INDArray output, INDArray upper, boolean timesVectors) {
        INDArray perToken = perToken(upper);
        if (timesVectors || bias != null) {
            // The vectors the forward pass looked up (and added the bias to): its recorded output, not a second lookup.
            INDArray vectors = perToken(output).castTo(upper.dataType());
            perToken = timesVectors ? vectors.muli(perToken) : vectors.sub(bias.castTo(upper.dataType()))
                    .muli(Stabilizer.divide(perToken, vectors, Stabilizer.DEFAULT_EPSILON));
        }
        return perToken.sum(1).reshape(input.shape()).castTo(upper.dataType());
    }

    /** An array of this stage's output shape as one row per token, {@code [N * T, dim]}. */
    private INDArray perToken(INDArray outputShaped) {
        if (!sequence) {
            return outputShaped;
        }
        INDArray nwc = format == RNNFormat.NWC ? outputShaped : outputShaped.permute(0, 2, 1);
        return nwc.dup('c').reshape('c', nwc.size(0) * nwc.size(1), weight.size(1));
    }
}

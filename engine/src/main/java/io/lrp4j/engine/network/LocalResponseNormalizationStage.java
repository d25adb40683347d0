package io.lrp4j.engine.network;

import io.lrp4j.engine.ExplainException;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * {@code LocalResponseNormalization} over NCHW input, as DL4J computes it: {@code y = x u^(-beta)} with
 * {@code u = k + alpha * (sum of x^2 over the n / 2 channels either side and the channel itself)}.
 *
 * <p>It takes no rule. Under LRP relevance passes through it unchanged, as the peers do (the normalization rescales
 * its input without mixing what it passes on, and LRP's literature treats it as the identity); the engine says so
 * with a warning when a network has one. Gradient methods get its true gradient, which recomputes {@code u} from the
 * recorded input: a layer of AlexNet's time, rare enough that recording {@code u} for every network is not worth it.
 */
public final class LocalResponseNormalizationStage extends Stage {
    private final double k;
    private final double alpha;
    private final double beta;
    private final int halfWindow;

    LocalResponseNormalizationStage(LayerInfo layer, double k, double n, double alpha, double beta) {
        super(layer, StageKind.NORMALIZATION);
        this.k = k;
        this.alpha = alpha;
        this.beta = beta;
        this.halfWindow = (int) n / 2;
    }

    /** What a user should know about explaining through this layer. */
    String warning() {
        return layer().describe() + ": relevance passes through it unchanged under"
                + " LRP, as the reference implementations do; gradient methods get its gradient";
    }

    /** The sum over each channel's window of neighbouring channels, the channel itself included, as a new array. */
    private INDArray windowSum(INDArray a) {
        INDArray sum = a.dup('c');
        long channels = a.size(1);
        // One pass per offset of the window (n / 2 of them, 2 in AlexNet), each a whole-array add of shifted views.
        for (int i = 1; i <= halfWindow && i < channels; i++) {
            channels(sum, i, channels).addi(channels(a, 0, channels - i));
            channels(sum, 0, channels - i).addi(channels(a, i, channels));
        }
        return sum;
    }

    private static INDArray channels(INDArray a, long from, long to) {
        return a.get(NDArrayIndex.all(), NDArrayIndex.interval(from, to), NDArrayIndex.all(), NDArrayIndex.all());
    }

    /** {@code u = k + alpha * windowSum(x^2)}. */
    private INDArray unitScale(INDArray x) {
        INDArray squares = x.mul(x);
        INDArray u = windowSum(squares).muli(alpha).addi(k);
        Scratch.release(squares);
        return u;
    }

    @Override
    public INDArray forward(INDArray input) {
        if (input.rank() != 4) {
            throw new ExplainException("the input does not fit the model: " + layer().describe() + " normalizes"
                    + " [batch, channels, height, width], got shape " + Arrays.toString(input.shape()));
        }
        INDArray u = unitScale(input);
        return Transforms.pow(u, -beta, false).muli(input);
    }

    /**
     * What reaches the input for {@code upper} at the output: {@code upper} itself under LRP, else the gradient.
     *
     * @param lrp whether relevance is propagated (LRP), rather than a gradient
     */
    public INDArray backward(INDArray input, INDArray output, INDArray upper, boolean lrp) {
        return lrp ? upper : gradient(input, output, upper);
    }

    /**
     * The gradient at the input for {@code g} at the output:
     * {@code g u^(-beta) - 2 alpha beta x windowSum(y g / u)}. (DL4J's own backward pass divides by {@code u} after the
     * window sum, which is not the derivative of its forward pass: finite differences agree with this one.)
     */
    private INDArray gradient(INDArray input, INDArray output, INDArray g) {
        INDArray u = unitScale(input);
        INDArray perUnit = output.mul(g).divi(u);
        INDArray cross = windowSum(perUnit).muli(input).muli(2 * alpha * beta);
        Scratch.release(perUnit);
        return Transforms.pow(u, -beta, false).muli(g).subi(cross);
    }
}

package io.lrp4j.rules.builtin;

import io.lrp4j.api.Arguments;
import io.lrp4j.api.Guarantee;
import io.lrp4j.api.Inputs;
import io.lrp4j.api.LinearRule;
import io.lrp4j.api.LinearView;
import io.lrp4j.api.Param;
import io.lrp4j.api.Rule;
import io.lrp4j.api.SpecException;
import io.lrp4j.api.Stabilizer;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * zB, the deep Taylor rule for inputs bounded in {@code [low, high]}, usually the pixel layer:
 * contributions {@code x w - low w+ - high w-}. The bias cancels exactly, so the {@code bias} flag changes nothing.
 */
@Rule(name = "zB", aliases = {"zbox", "z-box"},
        summary = "R_i = sum_j (x_i w_ij - low w+_ij - high w-_ij) / s(z_j) R_j for inputs in [low, high]",
        guarantees = {Guarantee.CONSERVATION, Guarantee.POSITIVITY}, inputs = Inputs.BOUNDED,
        reference = "Montavon et al. 2017, Explaining nonlinear classification decisions with deep Taylor decomposition")
public final class ZBoxRule implements LinearRule {
    static final Param<Double> LOW = Param.requiredReal("low", "the lowest value an input can take");
    static final Param<Double> HIGH = Param.requiredReal("high", "the highest value an input can take");
    static final Param<Boolean> BIAS = Param.bias();

    @Override
    public List<Param<?>> parameters() {
        return List.of(LOW, HIGH, BIAS);
    }

    @Override
    public void validate(Arguments args) {
        if (args.get(LOW) > args.get(HIGH)) {
            throw new SpecException("zB needs low <= high, got low=" + args.get(LOW) + ", high=" + args.get(HIGH));
        }
    }

    @Override
    public INDArray relevance(LinearView layer, INDArray upper, Arguments args) {
        INDArray x = layer.input();
        INDArray w = layer.weight();
        double low = args.get(LOW);
        double high = args.get(HIGH);
        String bounds = low + ":" + high;
        // b - b+ - b- = 0, so the bias terms cancel: z = x w - (low w+ + high w-), which is the recorded output less
        // the constant inputs' term with the bias added. That term is the same for every sample: computed once per
        // layer, and broadcast by the subtraction.
        INDArray bounded = layer.derived("zB-bounds:" + bounds, () -> Weights.positive(layer).mul(low)
                .addi(Weights.negative(layer).mul(high)));
        INDArray z = layer.takeOutput()
                .subi(Weights.constantInputForward(layer, "zB-ones-bias:" + bounds, 1.0, bounded, layer.bias()));
        INDArray ratio = Stabilizer.divideInPlace(upper, z, Stabilizer.DEFAULT_EPSILON);
        layer.releaseUpper();
        // low T(r, w+) + high T(r, w-) = T(r, low w+ + high w-): one transpose for both bounds.
        return layer.transpose(ratio, w).muli(x).subi(layer.transpose(ratio, bounded));
    }
}

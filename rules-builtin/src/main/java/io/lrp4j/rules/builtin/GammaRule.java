package io.lrp4j.rules.builtin;

import io.lrp4j.api.Arguments;
import io.lrp4j.api.Formula;
import io.lrp4j.api.FormulaRule;
import io.lrp4j.api.Guarantee;
import io.lrp4j.api.Operand;
import io.lrp4j.api.Param;
import io.lrp4j.api.Rule;
import io.lrp4j.api.Share;
import io.lrp4j.api.Term;
import io.lrp4j.api.WeightMap;
import java.util.List;

/**
 * Generalised gamma: contributions that agree in sign with {@code z} are boosted by {@code gamma}. Where
 * {@code z > 0} it uses {@code x+(w + g w+) + x-(w + g w-)}, where {@code z < 0} the same with {@code w+} and
 * {@code w-} swapped, and where {@code z = 0} it passes nothing.
 */
@Rule(name = "gamma",
        summary = "favour contributions of the sign of z by gamma; bias adds b + gamma*b+ (z>0) or b + gamma*b- (z<0)",
        guarantees = {Guarantee.CONSERVATION},
        reference = "Montavon et al. 2019, Layer-wise relevance propagation: an overview; Andeol et al. 2021")
public final class GammaRule implements FormulaRule {
    static final Param<Double> GAMMA = Param.real("gamma", 0.25, "how much to favour agreeing contributions")
            .nonNegative();
    static final Param<Boolean> BIAS = Param.bias();

    @Override
    public List<Param<?>> parameters() {
        return List.of(GAMMA, BIAS);
    }

    @Override
    public Formula formula(Arguments args) {
        double gamma = args.get(GAMMA);
        boolean bias = args.get(BIAS);
        WeightMap up = WeightMap.combination(1, gamma, 0);
        WeightMap down = WeightMap.combination(1, 0, gamma);
        // The regions are z's own, bias included, whatever the bias flag says (as the peer does).
        return Formula.of(
                Share.where(Share.Region.POSITIVE_Z, Term.of(Operand.POSITIVE_INPUT, up, bias),
                        Term.of(Operand.NEGATIVE_INPUT, down)),
                Share.where(Share.Region.NEGATIVE_Z, Term.of(Operand.POSITIVE_INPUT, down, bias),
                        Term.of(Operand.NEGATIVE_INPUT, up)));
    }
}

package io.lrp4j.engine.evaluation;

import io.lrp4j.engine.ExplainException;
import java.util.Locale;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** What a perturbed region's values become. */
public enum Replacement {
    /** Uniform noise over the input's own range (its smallest to its largest value), one draw for all methods. */
    UNIFORM,
    /** Zero. */
    ZERO,
    /** Each value's mean over the rows. */
    MEAN;

    /** {@code uniform}, {@code zero} or {@code mean}, in any case. */
    public static Replacement parse(String name) {
        for (Replacement r : values()) {
            if (r.name().equalsIgnoreCase(name.trim())) {
                return r;
            }
        }
        throw new ExplainException("unknown replacement '" + name + "'; replacements: uniform, zero, mean");
    }

    /** The replacement values for a batch {@code x}, in its shape; {@code seed} fixes the noise. */
    public INDArray replacing(INDArray x, long seed) {
        return switch (this) {
            case ZERO -> Nd4j.zerosLike(x);
            case MEAN -> {
                long rows = x.size(0);
                INDArray flat = x.reshape('c', rows, x.length() / rows);
                yield Nd4j.zerosLike(flat).addiRowVector(flat.mean(0)).reshape('c', x.shape());
            }
            case UNIFORM -> {
                double low = x.minNumber().doubleValue();
                double high = x.maxNumber().doubleValue();
                Nd4j.getRandom().setSeed(seed);
                yield Nd4j.rand(x.dataType(), x.shape()).muli(high - low).addi(low);
            }
        };
    }

    /** The name the command line takes. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}

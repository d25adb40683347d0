package io.lrp4j.testkit;

import io.lrp4j.api.Formula;
import io.lrp4j.api.LinearView;
import io.lrp4j.api.Operand;
import io.lrp4j.api.Share;
import io.lrp4j.api.Stabilizer;
import io.lrp4j.api.Term;
import io.lrp4j.api.WeightMap;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A formula computed as its definition reads, term by term, with no plan: no term dropped, no product reused, no
 * array written in place. The engine's plan must give what this gives.
 */
final class LiteralFormula {
    private LiteralFormula() {
    }

    static INDArray evaluate(LinearView layer, Formula formula, INDArray upper) {
        INDArray x = layer.input();
        INDArray z = layer.forward(x, layer.weight(), layer.bias());
        INDArray result = Nd4j.zerosLike(x);
        for (Share share : formula.shares()) {
            INDArray d = Nd4j.zerosLike(z);
            for (Term t : share.terms()) {
                INDArray b = t.bias() && layer.bias() != null ? map(layer.bias(), t.weights()) : null;
                d.addi(layer.forward(operand(x, t.operand()), map(layer.weight(), t.weights()), b)
                        .mul(t.coefficient()));
            }
            INDArray q = upper.div(Stabilizer.stabilize(d, formula.epsilon())).mul(share.weight());
            switch (share.region()) {
                case POSITIVE_Z -> q.muli(z.gt(0).castTo(q.dataType()));
                case NEGATIVE_Z -> q.muli(z.lt(0).castTo(q.dataType()));
                case ALL -> { }
            }
            for (Term t : share.terms()) {
                result.addi(operand(x, t.operand()).mul(layer.transpose(q, map(layer.weight(), t.weights())))
                        .mul(t.coefficient()));
            }
        }
        return result;
    }

    private static INDArray operand(INDArray x, Operand o) {
        return switch (o.kind()) {
            case INPUT -> x;
            case POSITIVE -> Transforms.max(x, 0.0, true);
            case NEGATIVE -> Transforms.min(x, 0.0, true);
            case SHIFTED -> x.sub(o.value());
            case CONSTANT -> Nd4j.valueArrayOf(x.shape(), o.value(), x.dataType());
        };
    }

    private static INDArray map(INDArray p, WeightMap m) {
        if (p == null) {
            return null;
        }
        return switch (m.kind()) {
            case SQUARED -> p.mul(p);
            case ONES -> Nd4j.onesLike(p);
            case COMBINATION -> p.mul(m.ofWeight()).addi(Transforms.max(p, 0.0, true).muli(m.ofPositive()))
                    .addi(Transforms.min(p, 0.0, true).muli(m.ofNegative()));
        };
    }
}

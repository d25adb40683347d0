package io.lrp4j.engine.network;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lrp4j.api.Arguments;
import io.lrp4j.api.FormulaRule;
import io.lrp4j.api.LinearRule;
import io.lrp4j.api.LinearView;
import io.lrp4j.api.RuleSpec;
import io.lrp4j.engine.formula.FormulaPropagation;
import io.lrp4j.rules.builtin.AlphaBetaRule;
import io.lrp4j.rules.builtin.EpsilonRule;
import io.lrp4j.rules.builtin.FlatRule;
import io.lrp4j.rules.builtin.GammaRule;
import io.lrp4j.rules.builtin.PassRule;
import io.lrp4j.rules.builtin.ZPlusRule;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.deeplearning4j.nn.conf.RNNFormat;

/**
 * A recurrent stage computes a formula rule's denominators for all steps at once and applies them step by step; the
 * result must be what the formula gives planned at each step on its own (the path of rules that compute their own
 * relevance).
 */
class PreparedFormulaTest {
    /** The same rule, hidden behind a plain {@link LinearRule}: the stage then runs it step by step. */
    private record StepByStep(FormulaRule rule) implements LinearRule {
        @Override
        public INDArray relevance(LinearView layer, INDArray upper, Arguments args) {
            return FormulaPropagation.run(layer, rule.formula(args), upper);
        }
    }

    private static Arguments args(FormulaRule rule, String spec) {
        return Arguments.bind("rule", rule.parameters(), RuleSpec.parse("x(" + spec + ")").raw());
    }

    @Test
    void denominatorsForAllStepsAtOnceGiveWhatEachStepGivesAlone() {
        Nd4j.getRandom().setSeed(5);
        long nIn = 3;
        long n = 4;
        int steps = 5;
        long rows = 2;
        List<Object[]> rules = List.of(new Object[] {new EpsilonRule(), "epsilon=0.01"},
                new Object[] {new ZPlusRule(), ""}, new Object[] {new AlphaBetaRule(), ""},
                new Object[] {new GammaRule(), "gamma=0.25"}, new Object[] {new FlatRule(), ""});
        for (boolean lstm : new boolean[] {false, true}) {
            for (boolean nonNegative : new boolean[] {false, true}) {
                long width = lstm ? 4 * n : n;
                INDArray w = Nd4j.randn(DataType.DOUBLE, nIn, width);
                INDArray rw = Nd4j.randn(DataType.DOUBLE, n, width).muli(0.5);
                INDArray b = Nd4j.randn(DataType.DOUBLE, 1, width).muli(0.1);
                LayerInfo info = new LayerInfo(0, "rnn", "test");
                RecurrentStage stage = lstm
                        ? RecurrentStage.lstm(info, w, rw, b, new ActivationTanH(), new ActivationSigmoid(), false,
                                RNNFormat.NCW)
                        : RecurrentStage.simpleRnn(info, w, rw, b, new ActivationReLU(), false, RNNFormat.NCW);
                INDArray x = Nd4j.randn(DataType.DOUBLE, rows, nIn, steps);
                if (nonNegative) {
                    x = Transforms.abs(x);
                }
                INDArray upper = Nd4j.randn(DataType.DOUBLE, rows, n, steps);
                for (Object[] r : rules) {
                    FormulaRule rule = (FormulaRule) r[0];
                    Arguments a = args(rule, (String) r[1]);
                    INDArray planned = backward(stage, x, upper, rule, a);
                    INDArray alone = backward(stage, x, upper, new StepByStep(rule), a);
                    double scale = Transforms.abs(alone).maxNumber().doubleValue();
                    double error = Transforms.abs(planned.sub(alone)).maxNumber().doubleValue();
                    assertTrue(error <= 1e-9 * scale, (lstm ? "LSTM " : "ReLU RNN ") + rule.getClass().getSimpleName()
                            + (nonNegative ? " on non-negative input" : "") + ": differs by " + error / scale);
                }
            }
        }
    }

    private static INDArray backward(RecurrentStage stage, INDArray x, INDArray upper, LinearRule rule,
            Arguments args) {
        RecurrentStage.Run run = stage.forwardRecorded(x, null);
        INDArray result = stage.backward(run, x, upper.dup(), rule, args, new PassRule(), Arguments.none(),
                RecurrentStage.ProductRule.SIGNAL_TAKE_ALL).dup();
        run.free();
        return result;
    }
}

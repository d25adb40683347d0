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
import io.lrp4j.rules.builtin.GradientRule;
import io.lrp4j.rules.builtin.PassRule;
import io.lrp4j.rules.builtin.ZPlusRule;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.IActivation;
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
 * relevance). A SimpleRnn's cell relevance split by its input's columns ({@link SplitCellRelevance}) and its own
 * backward pass through time under gradient methods are held to the same: the paths a rule that computes its own
 * relevance takes, with sequence and last-step outputs, masks, and what reaches the initial state.
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
        List<Object[]> rules = List.of(new Object[] {new EpsilonRule(), "epsilon=0.01"},
                new Object[] {new ZPlusRule(), ""}, new Object[] {new AlphaBetaRule(), ""},
                new Object[] {new GammaRule(), "gamma=0.25"}, new Object[] {new FlatRule(), ""});
        for (boolean lstm : new boolean[] {false, true}) {
            for (boolean nonNegative : new boolean[] {false, true}) {
                for (boolean lastStep : new boolean[] {false, true}) {
                    for (boolean masked : new boolean[] {false, true}) {
                        Case c = new Case(lstm, nonNegative, lastStep, masked, new ActivationReLU());
                        for (Object[] r : rules) {
                            FormulaRule rule = (FormulaRule) r[0];
                            Arguments a = args(rule, (String) r[1]);
                            c.assertSame(rule.getClass().getSimpleName(), c.backward(rule, a, new PassRule(), false),
                                    c.backward(new StepByStep(rule), a, new PassRule(), false));
                        }
                    }
                }
            }
        }
    }

    /** A SimpleRnn's own backward pass through time gives what the gradient rule gives step by step. */
    @Test
    void theOwnGradientThroughTimeIsTheChainRuleStepByStep() {
        Nd4j.getRandom().setSeed(6);
        GradientRule gradient = new GradientRule();
        for (IActivation f : List.of(new ActivationReLU(), new ActivationTanH(), new ActivationSigmoid())) {
            for (boolean lastStep : new boolean[] {false, true}) {
                for (boolean masked : new boolean[] {false, true}) {
                    Case c = new Case(false, false, lastStep, masked, f);
                    c.assertSame("gradient", c.backward(gradient, Arguments.none(), gradient, true),
                            c.backward(gradient, Arguments.none(), gradient, false));
                }
            }
        }
    }

    /** One recurrent layer with random weights, input and relevance from above. */
    private static final class Case {
        private final RecurrentStage stage;
        private final INDArray x;
        private final INDArray upper;
        private final INDArray mask;
        private final String label;

        Case(boolean lstm, boolean nonNegative, boolean lastStep, boolean masked, IActivation activation) {
            long nIn = 3;
            long n = 4;
            int steps = 5;
            long rows = 2;
            long width = lstm ? 4 * n : n;
            INDArray w = Nd4j.randn(DataType.DOUBLE, nIn, width);
            INDArray rw = Nd4j.randn(DataType.DOUBLE, n, width).muli(0.5);
            INDArray b = Nd4j.randn(DataType.DOUBLE, 1, width).muli(0.1);
            LayerInfo info = new LayerInfo(0, "rnn", "test");
            stage = lstm ? RecurrentStage.lstm(info, w, rw, b, new ActivationTanH(), new ActivationSigmoid(), lastStep,
                    RNNFormat.NCW) : RecurrentStage.simpleRnn(info, w, rw, b, activation, lastStep, RNNFormat.NCW);
            INDArray input = Nd4j.randn(DataType.DOUBLE, rows, nIn, steps);
            x = nonNegative ? Transforms.abs(input) : input;
            upper = lastStep ? Nd4j.randn(DataType.DOUBLE, rows, n) : Nd4j.randn(DataType.DOUBLE, rows, n, steps);
            // The second row is three steps long: its last two are padding.
            mask = masked ? Nd4j.createFromArray(new double[][] {{1, 1, 1, 1, 1}, {1, 1, 1, 0, 0}}) : null;
            label = (lstm ? "LSTM " : "SimpleRnn (" + activation + ") ") + (nonNegative ? "non-negative input " : "")
                    + (lastStep ? "last step " : "sequence ") + (masked ? "masked" : "");
        }

        /** The relevance at the input and, appended as a last column, what went to the initial state. */
        INDArray backward(LinearRule rule, Arguments args, io.lrp4j.api.ActivationRule act, boolean chainRule) {
            RecurrentStage.Run run = stage.forwardRecorded(x, mask);
            INDArray result = stage.backward(run, x, upper.dup(), rule, args, act, Arguments.none(),
                    chainRule ? RecurrentStage.ProductRule.GRADIENT : RecurrentStage.ProductRule.SIGNAL_TAKE_ALL,
                    chainRule);
            INDArray both = Nd4j.hstack(result.reshape(result.size(0), -1), run.initialState().reshape(-1, 1));
            run.free();
            return both;
        }

        void assertSame(String rule, INDArray fast, INDArray general) {
            double scale = Transforms.abs(general).maxNumber().doubleValue();
            double error = Transforms.abs(fast.sub(general)).maxNumber().doubleValue();
            assertTrue(scale > 0, label + " " + rule + ": all zero");
            assertTrue(error <= 1e-9 * scale, label + " " + rule + ": differs by " + error / scale);
        }
    }
}

package io.lrp4j.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import io.lrp4j.api.Arguments;
import io.lrp4j.api.Formula;
import io.lrp4j.api.Inputs;
import io.lrp4j.api.LinearRule;
import io.lrp4j.api.LinearView;
import io.lrp4j.api.RuleSpec;
import io.lrp4j.engine.formula.FormulaPropagation;
import io.lrp4j.rules.builtin.AlphaBetaRule;
import io.lrp4j.rules.builtin.EpsilonRule;
import io.lrp4j.rules.builtin.FlatRule;
import io.lrp4j.rules.builtin.Lrp0Rule;
import io.lrp4j.rules.builtin.GammaRule;
import io.lrp4j.rules.builtin.WSquareRule;
import io.lrp4j.rules.builtin.ZBoxRule;
import io.lrp4j.rules.builtin.ZPlusRule;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The engine's plan for a rule's formula takes shortcuts: it skips the terms of non-negative inputs, reads z from the
 * forward pass, derives gamma's denominators from z and one product, folds constant terms and caches
 * parameter-derived arrays. On the engine's views every built-in rule must give what its formula gives computed
 * literally, term by term ({@link LiteralFormula}), to 1e-5 in float64 and 2e-4 in float32.
 */
class FastPathsMatchTheGeneralPathTest {
    /**
     * Another view of a layer the engine made, over copies of its recorded output taken before a rule took it (a
     * view hands its output over once). With {@code shortcuts} it shares the engine's view's parameter-derived arrays
     * and fast paths; without, it turns every shortcut off.
     */
    record OtherView(LinearView inner, INDArray output, INDArray recordedWithoutBias, boolean shortcuts)
            implements LinearView {
        static OtherView sameLayer(LinearView inner) {
            return new OtherView(inner, inner.output().dup(), inner.outputWithoutBias().dup(), true);
        }

        static OtherView plain(LinearView inner) {
            return new OtherView(inner, inner.output().dup(), null, false);
        }

        @Override
        public INDArray input() {
            return inner.input();
        }

        @Override
        public INDArray weight() {
            return inner.weight();
        }

        @Override
        public INDArray bias() {
            return inner.bias();
        }

        @Override
        public INDArray forward(INDArray x, INDArray w, INDArray b) {
            return inner.forward(x, w, b);
        }

        @Override
        public INDArray transpose(INDArray g, INDArray w) {
            return inner.transpose(g, w);
        }

        @Override
        public INDArray outputWithoutBias() {
            return shortcuts ? recordedWithoutBias : forward(input(), weight(), null);
        }

        @Override
        public INDArray transposeSum(INDArray g1, INDArray w1, INDArray g2, INDArray w2) {
            return shortcuts ? inner.transposeSum(g1, w1, g2, w2) : LinearView.super.transposeSum(g1, w1, g2, w2);
        }

        @Override
        public boolean inputNonNegative() {
            return shortcuts && inner.inputNonNegative();
        }

        @Override
        public INDArray derived(String key, Supplier<INDArray> compute) {
            return shortcuts ? inner.derived(key, compute) : compute.get();
        }

        @Override
        public INDArray propagate(Formula formula, INDArray upper) {
            return shortcuts ? FormulaPropagation.run(this, formula, upper)
                    : LiteralFormula.evaluate(this, formula, upper);
        }
    }

    record Subject(LinearRule rule, String spec) {
    }

    @Test
    void everyShortcutGivesTheGeneralAnswer() {
        List<Subject> subjects = List.of(new Subject(new ZPlusRule(), ""), new Subject(new ZPlusRule(), "bias=false"),
                new Subject(new AlphaBetaRule(), ""), new Subject(new AlphaBetaRule(), "alpha=1,beta=0,bias=false"),
                new Subject(new GammaRule(), "gamma=0.25"), new Subject(new GammaRule(), "gamma=0.5,bias=false"),
                new Subject(new ZBoxRule(), "low=0,high=1"), new Subject(new WSquareRule(), ""),
                new Subject(new WSquareRule(), "bias=false"), new Subject(new FlatRule(), ""),
                new Subject(new EpsilonRule(), "epsilon=0.1,bias=false"), new Subject(new EpsilonRule(), "epsilon=0.1"),
                new Subject(new Lrp0Rule(), ""));
        for (Subject s : subjects) {
            Arguments args = Arguments.bind("rule", s.rule().parameters(), RuleSpec.parse("x(" + s.spec() + ")").raw());
            for (LayerKind kind : List.of(LayerKind.DENSE, LayerKind.CONV)) {
                qt().withFixedSeed(11).withExamples(60)
                        .forAll(LayerCases.of(kind, Inputs.BOUNDED, 0.0, 1.0, false))
                        .checkAssert(c -> compare(s, args, c));
            }
        }
    }

    private static void compare(Subject s, Arguments args, LayerCase c) {
        LinearView fast = c.view();
        assertTrue(fast.inputNonNegative(), "the generated inputs lie in [0, 1]");
        LinearView again = OtherView.sameLayer(fast);
        INDArray general = s.rule().relevance(OtherView.plain(fast), c.upper(), args);
        INDArray shortcut = s.rule().relevance(fast, c.upper(), args);
        // Twice, so that the second call reads the cached arrays.
        INDArray cached = s.rule().relevance(again, c.upper(), args);
        assertArrayEquals(general.shape(), shortcut.shape());
        double scale = Math.max(Transforms.abs(general).maxNumber().doubleValue(), 1e-12);
        double error = Transforms.abs(shortcut.sub(general)).maxNumber().doubleValue();
        // In float32 the two paths round differently (a shortcut subtracts the bias from the recorded z, and oneDNN
        // picks its kernel by the weight's layout), and gamma's denominators near zero magnify that: a 1x1
        // convolution with weights 1.63 and -1.50 differed by 7.8e-5 of its largest relevance. A wrong shortcut
        // differs by far more.
        double tolerance = general.dataType() == org.nd4j.linalg.api.buffer.DataType.DOUBLE ? 1e-5 : 2e-4;
        assertTrue(error <= tolerance * scale, s.rule().getClass().getSimpleName() + "(" + s.spec() + "): shortcut differs by "
                + error / scale);
        assertTrue(Transforms.abs(cached.sub(shortcut)).maxNumber().doubleValue() == 0, "cached arrays change nothing");
    }
}

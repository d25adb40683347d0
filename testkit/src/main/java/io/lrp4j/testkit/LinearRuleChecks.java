package io.lrp4j.testkit;

import io.lrp4j.api.Formula;
import io.lrp4j.api.FormulaRule;
import io.lrp4j.api.Guarantee;
import io.lrp4j.api.Inputs;
import io.lrp4j.api.LinearRule;
import io.lrp4j.api.LinearView;
import io.lrp4j.api.SignedParts;
import io.lrp4j.engine.network.StandaloneViews;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.TestReporter;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/** The properties of {@link RuleContract}, run over generated layers. */
final class LinearRuleChecks {
    /** Denominators below this are counted in the report as the ones the stabilizer's bound matters for. */
    static final double SMALL_DENOMINATOR = 0.1;

    private final LinearRule rule;
    private final ContractSubject subject;
    private final List<LayerKind> kinds;

    LinearRuleChecks(RuleContract<?> contract) {
        this.rule = contract.rule();
        this.subject = new ContractSubject(rule, contract.parameters());
        this.kinds = contract.layers();
    }

    private INDArray apply(LayerCase c) {
        return relevance(c.view(), c.upper(), subject.args);
    }

    /**
     * The rule on a copy of the upper relevance, which the view spoils if the rule hands it back
     * ({@link LinearView#releaseUpper()}): a rule that reads it after that fails here as it would in a network. What
     * the rule must not modify is compared before and after ({@link Untouched}), on every case of every property.
     */
    private INDArray relevance(LinearView view, INDArray upper, io.lrp4j.api.Arguments args) {
        INDArray own = upper.dup();
        Untouched untouched = new Untouched(view, own);
        AtomicBoolean released = new AtomicBoolean();
        INDArray result = rule.relevance(StandaloneViews.onUpperRelease(view, () -> {
            released.set(true);
            own.assign(Double.NaN);
        }), own, args);
        untouched.check(subject.name(), released.get(), result);
        if (result != null) {
            Assertions.assertEquals(view.input().dataType(), result.dataType(), subject.name() + " returned "
                    + result.dataType() + " relevance for " + view.input().dataType() + " input; a rule keeps the"
                    + " layer's data type (create arrays with the input's, e.g. Nd4j.zerosLike(x))");
        }
        return result;
    }

    private void forAll(boolean positiveUpper, Consumer<LayerCase> property) {
        forAll(currentProperty(), positiveUpper, property);
    }

    /**
     * Runs a property over every layer kind and prints how many cases of each kind and data type it tried, so an
     * author can see what was checked.
     */
    private void forAll(String property, boolean positiveUpper, Consumer<LayerCase> check) {
        Inputs domain = subject.meta.inputs();
        StringBuilder report = new StringBuilder();
        for (LayerKind kind : kinds) {
            long[] byType = new long[2];
            Settings.check(LayerCases.of(kind, domain, subject.low, subject.high, positiveUpper), c -> {
                byType[c.x().dataType() == org.nd4j.linalg.api.buffer.DataType.FLOAT ? 0 : 1]++;
                check.accept(c);
            });
            report.append(report.length() == 0 ? "" : ", ").append(kind.name().toLowerCase(java.util.Locale.ROOT))
                    .append(' ').append(byType[0] + byType[1]).append(" (float32 ").append(byType[0])
                    .append(", float64 ").append(byType[1]).append(')');
        }
        Report.cases(subject.name(), property, report.toString());
    }

    /** The name of the property method that called, for the report. */
    private static String currentProperty() {
        return StackWalker.getInstance().walk(frames -> frames.map(StackWalker.StackFrame::getMethodName)
                .filter(m -> !m.equals("forAll") && !m.equals("currentProperty")).findFirst().orElse("property"));
    }

    void shape() {
        forAll(false, c -> Close.sameShape(c.x(), apply(c), subject.name()));
    }

    void finite() {
        forAll(false, c -> {
            Close.finite(apply(c), subject.name() + " on a generated layer");
            Close.finite(apply(c.withInput(Nd4j.zerosLike(c.x()))), subject.name() + " with all-zero input");
            if (c.kind().weighted()) {
                Close.finite(apply(c.withParameters(Nd4j.zerosLike(c.w()), null)),
                        subject.name() + " with all-zero weights");
            }
            if (c.kind() == LayerKind.DENSE || c.kind() == LayerKind.RECURRENT) {
                Close.finite(apply(zeroPreActivation(c)), subject.name() + " with zero pre-activations");
            }
        });
    }

    /** The first row with its weights projected so that every pre-activation is exactly zero. */
    private static LayerCase zeroPreActivation(LayerCase c) {
        INDArray x0 = c.x().get(NDArrayIndex.interval(0, 1), NDArrayIndex.all());
        double norm = x0.mul(x0).sumNumber().doubleValue();
        INDArray w = norm == 0 ? c.w() : c.w().sub(x0.transpose().mmul(x0.mmul(c.w())).divi(norm));
        INDArray upper = c.upper().get(NDArrayIndex.interval(0, 1), NDArrayIndex.all());
        return new LayerCase(c.kind(), x0, w, null, null, null, null, upper, c.seed());
    }

    void linear() {
        forAll(false, c -> {
            INDArray u1 = c.upper();
            INDArray u2 = new Values(c.seed() + 1).signed(0.0, u1.shape()).castTo(u1.dataType());
            INDArray r1 = apply(c);
            double tolerance = Close.tolerance(u1.dataType(), 1e-8);
            if (subject.meta.linearInRelevance()) {
                INDArray mixed = apply(c.withUpper(u1.mul(0.7).addi(u2.mul(-1.3))));
                INDArray r2 = apply(c.withUpper(u2));
                Close.close(r1.mul(0.7).addi(r2.mul(-1.3)), mixed, tolerance,
                        subject.name() + " is not linear in the upper relevance");
            } else {
                Close.close(r1.mul(2.5), apply(c.withUpper(u1.mul(2.5))), tolerance,
                        subject.name() + " is not positively homogeneous in the upper relevance");
            }
        });
    }

    void batchEqualsRows() {
        forAll(false, c -> {
            INDArray batch = apply(c);
            for (int row = 0; row < c.x().size(0); row++) {
                LayerCase alone = new LayerCase(c.kind(), slice(c.x(), row), c.w(), c.b(), c.stride(), c.padding(),
                        c.window(), slice(c.upper(), row), c.seed());
                Close.close(slice(batch, row), apply(alone), Close.tolerance(c.x().dataType(), 1e-9),
                        subject.name() + " gives row " + row + " of a batch differently from the row alone");
            }
        });
    }

    private static INDArray slice(INDArray a, int row) {
        INDArrayIndex[] idx = new INDArrayIndex[a.rank()];
        java.util.Arrays.fill(idx, NDArrayIndex.all());
        idx[0] = NDArrayIndex.interval(row, row + 1);
        return a.get(idx).dup();
    }

    void denseEqualsOneByOneConvolution() {
        Assertions.assertTrue(kinds.contains(LayerKind.DENSE) && kinds.contains(LayerKind.CONV),
                "this property needs both DENSE and CONV in layers()");
        Settings.check(LayerCases.of(LayerKind.DENSE, subject.meta.inputs(), subject.low, subject.high, false),
                c -> {
                    long n = c.x().size(0);
                    long nIn = c.w().size(0);
                    long nOut = c.w().size(1);
                    LayerCase conv = new LayerCase(LayerKind.CONV, c.x().reshape(n, nIn, 1, 1),
                            c.w().transpose().dup('c').reshape(nOut, nIn, 1, 1), c.b(), new int[] {1, 1},
                            new int[] {0, 0}, null, c.upper().reshape(n, nOut, 1, 1), c.seed());
                    Close.close(apply(c), apply(conv).reshape(n, nIn), Close.tolerance(c.x().dataType(), 1e-9),
                            subject.name() + " differs between a dense layer and the equivalent 1x1 convolution");
                });
    }

    /**
     * A {@link FormulaRule}'s relevance, as the engine plans it, equals its formula computed literally, term by term
     * ({@link LiteralFormula}), on the rule's input domain and, where the domain allows them, on non-negative inputs,
     * where the plan drops and folds terms. Float64 cases only: where a denominator cancels, the plan's sums round
     * differently from the literal ones by more than float32 can hide, and that is not the rule's fault.
     */
    void plannedEqualsLiteral() {
        FormulaRule formulaRule = (FormulaRule) rule;
        Formula formula = formulaRule.formula(subject.args);
        Consumer<LayerCase> property = c -> {
            if (c.x().dataType() != org.nd4j.linalg.api.buffer.DataType.DOUBLE) {
                return;
            }
            INDArray literal = LiteralFormula.evaluate(c.view(), formula, c.upper());
            Close.close(literal, apply(c), 1e-5, subject.name() + " as the engine plans its formula " + formula
                    + " differs from the formula computed term by term");
        };
        forAll("formula", false, property);
        if (subject.meta.inputs() == Inputs.ANY) {
            for (LayerKind kind : kinds) {
                Settings.check(LayerCases.of(kind, Inputs.NON_NEGATIVE, 0, 1, false), property);
            }
        }
    }

    void conservation(TestReporter reporter) {
        Assertions.assertTrue(subject.claims(Guarantee.CONSERVATION), "only for rules that claim CONSERVATION");
        AtomicLong cases = new AtomicLong();
        AtomicLong units = new AtomicLong();
        AtomicLong smallUnits = new AtomicLong();
        double eps = subject.stabilizer();
        forAll("conservation", false, c0 -> {
            // Zero biases, and bias=false where the rule has the flag: gamma takes its sign mask from z with the bias,
            // so with a bias present its bias-free denominator can vanish where z does not.
            LayerCase c = c0.b() != null ? c0.withParameters(c0.w(), null) : c0;
            LinearView view = c.view();
            INDArray upper = c.upper();
            INDArray allowed = stabilizerLoss(c, view, eps).muli(Transforms.abs(upper));
            INDArray small = smallest(c, view).lt(SMALL_DENOMINATOR);
            cases.incrementAndGet();
            units.addAndGet(small.length());
            smallUnits.addAndGet(small.castTo(upper.dataType()).sumNumber().longValue());
            INDArray lower = relevance(view, upper, subject.conservationArgs);
            INDArray scale = Close.rowSums(Transforms.abs(upper)).addi(1e-12);
            double tolerance = Close.tolerance(upper.dataType(), 1e-5);
            INDArray leak = Transforms.abs(Close.rowSums(lower).subi(Close.rowSums(upper)));
            INDArray excess = leak.sub(Close.rowSums(allowed)).divi(scale);
            double worst = excess.maxNumber().doubleValue();
            Assertions.assertTrue(worst <= tolerance, String.format("%s claims CONSERVATION but %.3e of the relevance"
                    + " is lost or created beyond what its stabilizer may absorb (eps %.0e; allowed %.0e)",
                    subject.name(), worst, eps, tolerance));
        });
        String summary = String.format("%s: %d cases, %d of %d output units with a denominator below %.1f, held to"
                + " the stabilizer's bound", subject.name(), cases.get(), smallUnits.get(), units.get(),
                SMALL_DENOMINATOR);
        reporter.publishEntry("conservation", summary);
        System.out.println("lrp4j testkit: conservation of " + summary);
        Assertions.assertTrue(smallUnits.get() <= 0.6 * units.get(),
                "too few informative cases to check conservation: " + summary);
    }

    /**
     * The share of each output's relevance a correctly stabilized rule may lose: its stabilizer takes
     * {@code eps / (|d| + eps)} of it, and rounding moves a denominator by up to a few units of rounding of the
     * contributions' magnitudes {@code S = |x| |w|} summed, so {@code min(1, (eps + 64 u S) / (|d| + eps))}, with
     * {@code |d|} the smallest denominator a conserving rule may use ({@link #smallest}).
     */
    private INDArray stabilizerLoss(LayerCase c, LinearView view, double eps) {
        INDArray d = smallest(c, view);
        INDArray magnitude = c.kind().weighted()
                ? view.forward(Transforms.abs(c.x()), Transforms.abs(c.w()), null)
                : view.forward(Transforms.abs(c.x()), null, null);
        INDArray loss = magnitude.muli(64 * Close.unit(d.dataType())).addi(eps).divi(d.addi(eps));
        return Transforms.min(loss, 1.0, false);
    }

    /**
     * The smallest magnitude among the denominators a conserving rule may divide by at each output: the positive
     * contributions (z+), their sum with the negative ones ({@code z}, which bounds the epsilon and gamma
     * denominators from below), for bounded inputs the zB denominator, and the input-free ones of w2 and flat.
     */
    private INDArray smallest(LayerCase c, LinearView view) {
        if (c.kind() == LayerKind.MAX_POOL || c.kind() == LayerKind.AVG_POOL) {
            return Transforms.abs(view.output());
        }
        INDArray x = c.x();
        INDArray xp = SignedParts.positive(x);
        INDArray xn = SignedParts.negative(x);
        INDArray wp = SignedParts.positive(c.w());
        INDArray wn = SignedParts.negative(c.w());
        INDArray pos = view.forward(xp, wp, null).addi(view.forward(xn, wn, null));
        INDArray neg = view.forward(xp, wn, null).addi(view.forward(xn, wp, null));
        INDArray d = Transforms.min(pos, Transforms.abs(pos.add(neg)), false);
        if (subject.meta.inputs() == Inputs.BOUNDED) {
            INDArray box = view.forward(x.sub(subject.low), wp, null).addi(view.forward(x.sub(subject.high), wn, null));
            d = Transforms.min(d, Transforms.abs(box), false);
        }
        INDArray ones = Nd4j.onesLike(x);
        d = Transforms.min(d, view.forward(ones, c.w().mul(c.w()), null), false);
        return Transforms.min(d, view.forward(ones, Nd4j.onesLike(c.w()), null), false);
    }

    void positivity() {
        Assertions.assertTrue(subject.claims(Guarantee.POSITIVITY), "only for rules that claim POSITIVITY");
        forAll(true, c -> {
            INDArray lower = apply(c);
            double min = lower.minNumber().doubleValue();
            double scale = Math.max(Transforms.abs(lower).maxNumber().doubleValue(), 1e-12);
            Assertions.assertTrue(min >= -1e-12 * scale, String.format(
                    "%s claims POSITIVITY but gives %.3e for non-negative upper relevance", subject.name(), min));
        });
    }
}

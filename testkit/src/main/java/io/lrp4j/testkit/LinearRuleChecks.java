package io.lrp4j.testkit;

import io.lrp4j.api.Guarantee;
import io.lrp4j.api.Inputs;
import io.lrp4j.api.LinearRule;
import io.lrp4j.api.LinearView;
import io.lrp4j.api.SignedParts;
import io.lrp4j.engine.network.StandaloneViews;
import java.util.List;
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
    /**
     * Below this a denominator can lose more than the tolerated {@code 1e-5} of its relevance to the peer's
     * stabilizer ({@code 1e-6 / 0.1}).
     */
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
     * ({@link LinearView#releaseUpper()}): a rule that reads it after that fails here as it would in a network.
     */
    private INDArray relevance(LinearView view, INDArray upper, io.lrp4j.api.Arguments args) {
        INDArray own = upper.dup();
        return rule.relevance(StandaloneViews.spoilingUpperOnRelease(view, own), own, args);
    }

    private void forAll(boolean positiveUpper, Consumer<LayerCase> property) {
        Inputs domain = subject.meta.inputs();
        for (LayerKind kind : kinds) {
            Settings.check(LayerCases.of(kind, domain, subject.low, subject.high, positiveUpper), property);
        }
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
            INDArray u2 = new Values(c.seed() + 1).signed(0.0, u1.shape());
            INDArray r1 = apply(c);
            if (subject.meta.linearInRelevance()) {
                INDArray mixed = apply(c.withUpper(u1.mul(0.7).addi(u2.mul(-1.3))));
                INDArray r2 = apply(c.withUpper(u2));
                Close.close(r1.mul(0.7).addi(r2.mul(-1.3)), mixed, 1e-8,
                        subject.name() + " is not linear in the upper relevance");
            } else {
                Close.close(r1.mul(2.5), apply(c.withUpper(u1.mul(2.5))), 1e-8,
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
                Close.close(slice(batch, row), apply(alone), 1e-9,
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
                    Close.close(apply(c), apply(conv).reshape(n, nIn), 1e-9,
                            subject.name() + " differs between a dense layer and the equivalent 1x1 convolution");
                });
    }

    void conservation(TestReporter reporter) {
        Assertions.assertTrue(subject.claims(Guarantee.CONSERVATION), "only for rules that claim CONSERVATION");
        AtomicLong cases = new AtomicLong();
        AtomicLong degenerateCases = new AtomicLong();
        AtomicLong units = new AtomicLong();
        AtomicLong degenerateUnits = new AtomicLong();
        forAll(false, c0 -> {
            // Zero biases, and bias=false where the rule has the flag: gamma takes its sign mask from z with the bias,
            // so with a bias present its bias-free denominator can vanish where z does not.
            LayerCase c = c0.b() != null ? c0.withParameters(c0.w(), null) : c0;
            LinearView view = c.view();
            INDArray degenerate = degenerate(c, view);
            long masked = degenerate.sumNumber().longValue();
            cases.incrementAndGet();
            units.addAndGet(degenerate.length());
            degenerateUnits.addAndGet(masked);
            if (masked > 0) {
                degenerateCases.incrementAndGet();
            }
            INDArray upper = c.upper().mul(degenerate.rsub(1.0));
            INDArray lower = relevance(view, upper, subject.conservationArgs);
            INDArray scale = Close.rowSums(Transforms.abs(upper)).addi(1e-12);
            INDArray leak = Transforms.abs(Close.rowSums(lower).subi(Close.rowSums(upper))).divi(scale);
            double worst = leak.maxNumber().doubleValue();
            Assertions.assertTrue(worst <= 1e-5, String.format(
                    "%s claims CONSERVATION but %.3e of the relevance is lost or created (allowed 1e-5)",
                    subject.name(), worst));
        });
        String summary = String.format("%s: %d cases, %d with degenerate denominators (%d of %d output units left"
                + " out: positive contributions missing, or all contributions cancelling)", subject.name(), cases.get(),
                degenerateCases.get(), degenerateUnits.get(), units.get());
        reporter.publishEntry("conservation", summary);
        System.out.println("lrp4j testkit: conservation of " + summary);
        Assertions.assertTrue(degenerateUnits.get() <= 0.6 * units.get(),
                "too few informative cases to check conservation: " + summary);
    }

    /**
     * 1 where an output's denominator may be degenerate: its positive contributions (the z+ denominator) or their
     * sum with the negative ones ({@code z}, which bounds the epsilon and gamma denominators from below) are small,
     * or, for bounded inputs, the zB denominator is. The negative contributions alone are a denominator only of
     * alpha-beta, which conserves nothing.
     */
    private INDArray degenerate(LayerCase c, LinearView view) {
        if (c.kind() == LayerKind.MAX_POOL) {
            return Nd4j.zerosLike(view.output());
        }
        if (c.kind() == LayerKind.AVG_POOL) {
            return Transforms.abs(view.output()).lt(0.25).castTo(view.output().dataType());
        }
        INDArray x = c.x();
        INDArray xp = SignedParts.positive(x);
        INDArray xn = SignedParts.negative(x);
        INDArray wp = SignedParts.positive(c.w());
        INDArray wn = SignedParts.negative(c.w());
        INDArray pos = view.forward(xp, wp, null).addi(view.forward(xn, wn, null));
        INDArray neg = view.forward(xp, wn, null).addi(view.forward(xn, wp, null));
        INDArray small = pos.lt(SMALL_DENOMINATOR).castTo(x.dataType())
                .addi(Transforms.abs(pos.add(neg)).lt(SMALL_DENOMINATOR).castTo(x.dataType()));
        if (subject.meta.inputs() == Inputs.BOUNDED) {
            INDArray box = view.forward(x.sub(subject.low), wp, null).addi(view.forward(x.sub(subject.high), wn, null));
            small.addi(box.lt(SMALL_DENOMINATOR).castTo(x.dataType()));
        }
        return small.gt(0).castTo(x.dataType());
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

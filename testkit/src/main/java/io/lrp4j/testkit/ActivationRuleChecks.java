package io.lrp4j.testkit;

import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.lrp4j.api.ActivationRule;
import io.lrp4j.api.Guarantee;
import java.util.function.Consumer;
import org.junit.jupiter.api.Assertions;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.quicktheories.core.Gen;

/** The properties of {@link ActivationRuleContract}, run over generated activations. */
final class ActivationRuleChecks {
    private final ActivationRule rule;
    private final ContractSubject subject;

    ActivationRuleChecks(ActivationRuleContract<?> contract) {
        this.rule = contract.rule();
        this.subject = new ContractSubject(rule, contract.parameters());
    }

    static Gen<ActivationCase> cases(boolean positiveUpper) {
        return longs().between(0, 1_000_000).zip(booleans().all(), integers().between(1, 3),
                integers().between(1, 6), (seed, relu, batch, width) -> {
                    Values v = new Values(seed);
                    INDArray x = v.signed(0.2, batch, width);
                    INDArray upper = v.signed(0.0, batch, width);
                    return new ActivationCase(relu, x, positiveUpper ? Transforms.abs(upper, false) : upper, seed);
                });
    }

    private INDArray apply(ActivationCase c) {
        return rule.relevance(c.view(), c.upper(), subject.args);
    }

    private void forAll(boolean positiveUpper, Consumer<ActivationCase> property) {
        Settings.check(cases(positiveUpper), property);
    }

    void shape() {
        forAll(false, c -> Close.sameShape(c.x(), apply(c), subject.name()));
    }

    void finite() {
        forAll(false, c -> {
            Close.finite(apply(c), subject.name());
            Close.finite(apply(new ActivationCase(c.relu(), Nd4j.zerosLike(c.x()), c.upper(), c.seed())),
                    subject.name() + " with all-zero input");
        });
    }

    void linear() {
        forAll(false, c -> {
            INDArray u2 = new Values(c.seed() + 1).signed(0.0, c.upper().shape());
            INDArray r1 = apply(c);
            if (subject.meta.linearInRelevance()) {
                INDArray mixed = apply(new ActivationCase(c.relu(), c.x(), c.upper().mul(0.7).addi(u2.mul(-1.3)),
                        c.seed()));
                INDArray r2 = apply(new ActivationCase(c.relu(), c.x(), u2, c.seed()));
                Close.close(r1.mul(0.7).addi(r2.mul(-1.3)), mixed, 1e-8,
                        subject.name() + " is not linear in the upper relevance");
            } else {
                Close.close(r1.mul(2.5), apply(new ActivationCase(c.relu(), c.x(), c.upper().mul(2.5), c.seed())),
                        1e-8, subject.name() + " is not positively homogeneous in the upper relevance");
            }
        });
    }

    void batchEqualsRows() {
        forAll(false, c -> {
            INDArray batch = apply(c);
            for (int row = 0; row < c.x().size(0); row++) {
                INDArray x = c.x().get(NDArrayIndex.interval(row, row + 1), NDArrayIndex.all()).dup();
                INDArray u = c.upper().get(NDArrayIndex.interval(row, row + 1), NDArrayIndex.all()).dup();
                Close.close(batch.get(NDArrayIndex.interval(row, row + 1), NDArrayIndex.all()),
                        apply(new ActivationCase(c.relu(), x, u, c.seed())), 1e-9,
                        subject.name() + " gives row " + row + " of a batch differently from the row alone");
            }
        });
    }

    void passesThrough() {
        forAll(false, c -> Assertions.assertSame(c.upper(), apply(c), subject.name()
                + " says it passes relevance through (passesThrough()) but returns another array"));
    }

    void conservation() {
        Assertions.assertTrue(subject.claims(Guarantee.CONSERVATION), "only for rules that claim CONSERVATION");
        forAll(false, c -> Close.close(Close.rowSums(c.upper()), Close.rowSums(apply(c)), 1e-9,
                subject.name() + " claims CONSERVATION but the row sums differ"));
    }

    void positivity() {
        Assertions.assertTrue(subject.claims(Guarantee.POSITIVITY), "only for rules that claim POSITIVITY");
        forAll(true, c -> Assertions.assertTrue(apply(c).minNumber().doubleValue() >= 0,
                subject.name() + " claims POSITIVITY but gives negative relevance"));
    }
}

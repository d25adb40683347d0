package io.lrp4j.testkit;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lrp4j.api.ActivationRule;
import io.lrp4j.api.LinearRule;
import io.lrp4j.testkit.broken.BrokenActivationRule;
import io.lrp4j.testkit.broken.ComputesInDoubleRule;
import io.lrp4j.testkit.broken.DividesIntoOutputRule;
import io.lrp4j.testkit.broken.LeaksWhereSmallRule;
import io.lrp4j.testkit.broken.MisstatedFormulaRule;
import io.lrp4j.testkit.broken.ModifiesInputRule;
import io.lrp4j.testkit.broken.ModifiesWeightRule;
import io.lrp4j.testkit.broken.WritesIntoUpperRule;
import io.lrp4j.testkit.broken.LeakingRule;
import io.lrp4j.testkit.broken.ReadsReleasedUpperRule;
import io.lrp4j.testkit.broken.SignFlippingRule;
import io.lrp4j.testkit.broken.UnstabilizedRule;
import io.lrp4j.testkit.broken.WrongShapeRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The testkit must be able to fail: each broken rule is rejected by the property it breaks, with a useful report. */
class ContractsRejectBrokenRulesTest {
    static <R extends LinearRule> RuleContract<R> contract(R rule) {
        return () -> rule;
    }

    static <R extends ActivationRule> ActivationRuleContract<R> activationContract(R rule) {
        return () -> rule;
    }

    static String rejected(Executable property, String... expected) {
        String message = assertThrows(AssertionError.class, property).getMessage();
        for (String e : expected) {
            assertTrue(message.contains(e), "'" + e + "' in:\n" + message);
        }
        return message;
    }

    @Test
    void aRuleThatLeaksIsRejectedForConservation() {
        rejected(() -> contract(new LeakingRule()).conservesRelevanceIfItClaimsTo(entries -> { }),
                "leaking claims CONSERVATION but", "Smallest found falsifying value", "Reproduce with -Dlrp4j.testkit.seed=");
    }

    @Test
    void aRuleThatFlipsASignIsRejectedForPositivity() {
        rejected(() -> contract(new SignFlippingRule()).keepsRelevancePositiveIfItClaimsTo(),
                "sign-flipping claims POSITIVITY but gives");
    }

    @Test
    void aRuleThatDividesByZeroIsRejectedForNaN() {
        rejected(() -> contract(new UnstabilizedRule()).relevanceIsFinite(), "NaN or infinite");
    }

    @Test
    void aRuleThatReadsItsRelevanceAfterHandingItBackIsRejected() {
        rejected(() -> contract(new ReadsReleasedUpperRule()).relevanceIsFinite(), "NaN or infinite");
        rejected(() -> contract(new ReadsReleasedUpperRule()).conservesRelevanceIfItClaimsTo(entries -> { }),
                "reads-released-upper claims CONSERVATION but");
    }

    @Test
    void aRuleThatReturnsTheWrongShapeIsRejected() {
        String m = rejected(() -> contract(new WrongShapeRule()).relevanceHasTheInputShape(), "returned shape");
        // The shrunk counterexample is printed in full: its kind, shapes and values.
        assertTrue(m.contains(" layer, ") && m.contains("value seed") && m.contains("x = "), m);
    }

    @Test
    void aRuleThatModifiesItsInputIsRejectedByTheMutationCheck() {
        rejected(() -> contract(new ModifiesInputRule()).relevanceHasTheInputShape(),
                "modifies-input modified its input layer.input()", "must not modify its arguments");
    }

    @Test
    void aRuleThatModifiesTheWeightIsRejectedByTheMutationCheck() {
        rejected(() -> contract(new ModifiesWeightRule()).relevanceHasTheInputShape(),
                "modifies-weight modified the weight layer.weight()");
    }

    @Test
    void aRuleThatWritesIntoTheUpperRelevanceWithoutReleasingItIsRejectedByTheMutationCheck() {
        rejected(() -> contract(new WritesIntoUpperRule()).relevanceHasTheInputShape(),
                "writes-into-upper modified the upper relevance without calling layer.releaseUpper() first");
    }

    @Test
    void aRuleThatDividesIntoTheRecordedOutputIsRejectedByTheMutationCheck() {
        rejected(() -> contract(new DividesIntoOutputRule()).relevanceHasTheInputShape(),
                "divides-into-output modified the recorded pre-activation layer.output()", "layer.takeOutput()");
    }

    @Test
    void aRuleThatLeaksOnlyWhereTheDenominatorIsSmallIsRejectedForConservation() {
        rejected(() -> contract(new LeaksWhereSmallRule()).conservesRelevanceIfItClaimsTo(entries -> { }),
                "leaks-where-small claims CONSERVATION but", "beyond what its stabilizer may absorb");
    }

    @Test
    void aRuleThatFailsOnlyInFloat32IsRejectedByTheDataTypeCheck() {
        String m = rejected(() -> contract(new ComputesInDoubleRule()).relevanceHasTheInputShape(),
                "computes-in-double returned DOUBLE relevance for FLOAT input");
        assertTrue(m.contains(" layer, float, "), "the counterexample is a float32 layer:\n" + m);
    }

    @Test
    void aFormulaRuleThatDoesNotComputeItsFormulaIsRejectedByTheFormulaCheck() {
        rejected(() -> contract(new MisstatedFormulaRule()).aFormulaRuleGivesWhatItsFormulaSays(),
                "misstated-formula as the engine plans its formula", "differs from the formula computed term by term");
    }

    @Test
    void theMutationCheckAllowsWhatTheViewHandsOver() {
        // z+ releases the output and the upper relevance, epsilon takes the output: both legal.
        contract(new io.lrp4j.rules.builtin.ZPlusRule()).relevanceHasTheInputShape();
        contract(new io.lrp4j.rules.builtin.EpsilonRule()).relevanceHasTheInputShape();
    }

    @Test
    void aBrokenActivationRuleIsRejected() {
        BrokenActivationRule rule = new BrokenActivationRule();
        rejected(() -> activationContract(rule).relevanceIsLinearInTheUpperRelevance(), "is not linear");
        rejected(() -> activationContract(rule).conservesRelevanceIfItClaimsTo(), "claims CONSERVATION");
        rejected(() -> activationContract(rule).keepsRelevancePositiveIfItClaimsTo(), "claims POSITIVITY");
        rejected(() -> activationContract(rule).passesRelevanceThroughIfItSaysSo(), "says it passes relevance through");
    }

    @Test
    void aRuleOutsideAnyMarkedPackageIsNotDiscoverable() {
        rejected(() -> RuleTestKit.assertDiscoverable(LeakingRule.class), "was not found by the classpath scan",
                "listing its package 'io.lrp4j.testkit.broken'", "io.lrp4j.rules.builtin");
    }

    /** A contract on recurrent cells alone. */
    static <R extends LinearRule> RuleContract<R> recurrentContract(R rule) {
        return new RuleContract<>() {
            @Override
            public R rule() {
                return rule;
            }

            @Override
            public java.util.List<LayerKind> layers() {
                return java.util.List.of(LayerKind.RECURRENT);
            }
        };
    }

    @Test
    void recurrentCellsAloneRejectTheBrokenRules() {
        rejected(() -> recurrentContract(new LeakingRule()).conservesRelevanceIfItClaimsTo(entries -> { }),
                "leaking claims CONSERVATION but", "RECURRENT layer");
        rejected(() -> recurrentContract(new SignFlippingRule()).keepsRelevancePositiveIfItClaimsTo(),
                "sign-flipping claims POSITIVITY but gives", "RECURRENT layer");
        rejected(() -> recurrentContract(new UnstabilizedRule()).relevanceIsFinite(), "NaN or infinite",
                "RECURRENT layer");
        rejected(() -> recurrentContract(new WrongShapeRule()).relevanceHasTheInputShape(), "returned shape",
                "RECURRENT layer");
    }

    @Test
    void everyContractChecksRecurrentCellsUnlessItNamesItsLayers() {
        assertTrue(contract(new io.lrp4j.rules.builtin.ZPlusRule()).layers().contains(LayerKind.RECURRENT));
    }

    @Test
    void correctRulesPassTheSameChecks() {
        RuleContract<io.lrp4j.rules.builtin.ZPlusRule> zplus = contract(new io.lrp4j.rules.builtin.ZPlusRule());
        zplus.conservesRelevanceIfItClaimsTo(entries -> { });
        zplus.keepsRelevancePositiveIfItClaimsTo();
        zplus.relevanceIsFinite();
        zplus.relevanceHasTheInputShape();
        RuleContract<io.lrp4j.rules.builtin.ZPlusRule> cells =
                recurrentContract(new io.lrp4j.rules.builtin.ZPlusRule());
        cells.conservesRelevanceIfItClaimsTo(entries -> { });
        cells.keepsRelevancePositiveIfItClaimsTo();
    }
}

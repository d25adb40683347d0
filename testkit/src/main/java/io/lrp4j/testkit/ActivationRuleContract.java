package io.lrp4j.testkit;

import io.lrp4j.api.ActivationRule;
import io.lrp4j.api.Guarantee;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The contract of an {@link ActivationRule}, checked on ReLU and tanh activations: relevance of the input's shape,
 * finite, linear in the upper relevance (or positively homogeneous, if the rule says it is not linear), the same for
 * a batch as for each row, found by the classpath scan, any declared guarantee kept, and relevance returned itself
 * by a rule that says it passes relevance through.
 *
 * @param <R> the rule class
 */
public interface ActivationRuleContract<R extends ActivationRule> {
    /** The rule under test. */
    R rule();

    /** Parameter values as in a spec; empty for the defaults. */
    default String parameters() {
        return "";
    }

    /** The output has the input's shape. */
    @Test
    default void relevanceHasTheInputShape() {
        new ActivationRuleChecks(this).shape();
    }

    /** The output is finite, also for all-zero input. */
    @Test
    default void relevanceIsFinite() {
        new ActivationRuleChecks(this).finite();
    }

    /** The output is linear (or positively homogeneous) in the upper relevance. */
    @Test
    default void relevanceIsLinearInTheUpperRelevance() {
        new ActivationRuleChecks(this).linear();
    }

    /** A batch gives what each row gives alone. */
    @Test
    default void aBatchGivesWhatEachRowGivesAlone() {
        new ActivationRuleChecks(this).batchEqualsRows();
    }

    /** Relevance is conserved, if the rule claims it. */
    @Test
    default void conservesRelevanceIfItClaimsTo() {
        Assumptions.assumeTrue(new ContractSubject(rule(), parameters()).claims(Guarantee.CONSERVATION),
                "the rule does not claim CONSERVATION");
        new ActivationRuleChecks(this).conservation();
    }

    /** Non-negative upper relevance gives non-negative lower relevance, if the rule claims it. */
    @Test
    default void keepsRelevancePositiveIfItClaimsTo() {
        Assumptions.assumeTrue(new ContractSubject(rule(), parameters()).claims(Guarantee.POSITIVITY),
                "the rule does not claim POSITIVITY");
        new ActivationRuleChecks(this).positivity();
    }

    /** A rule that says it {@link ActivationRule#passesThrough() passes relevance through} returns it unchanged. */
    @Test
    default void passesRelevanceThroughIfItSaysSo() {
        Assumptions.assumeTrue(rule().passesThrough(), "the rule does not say it passes relevance through");
        new ActivationRuleChecks(this).passesThrough();
    }

    /** The real classpath scan finds the rule. */
    @Test
    default void isFoundByTheClasspathScan() {
        RuleTestKit.assertDiscoverable(rule().getClass());
    }
}

package io.lrp4j.testkit;

import io.lrp4j.api.Guarantee;
import io.lrp4j.api.LinearRule;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * The contract of a {@link LinearRule}. Implement it in a test class and supply the rule:
 *
 * <pre>{@code
 * class MyRuleContractTest implements RuleContract<MyRule> {
 *     public MyRule rule() { return new MyRule(); }
 *     public String parameters() { return "strength=0.5"; }   // only if the defaults will not do
 * }
 * }</pre>
 *
 * <p>Every rule must give relevance of the input's shape, finite (also for all-zero inputs, all-zero weights and
 * zero pre-activations), linear in the upper relevance, the same for a batch as for each row, and the same on a
 * dense layer as on the equivalent 1x1 convolution, on dense layers, convolutions and recurrent cells (the map over
 * {@code [x_t ; h_(t-1)]} a ReLU RNN applies at each step); it must be found by the classpath scan. A rule that declares
 * {@link Guarantee#CONSERVATION} or {@link Guarantee#POSITIVITY} must also keep it. Inputs come from the domain the
 * rule declares in {@code @Rule(inputs = ...)}.
 *
 * @param <R> the rule class
 */
public interface RuleContract<R extends LinearRule> {
    /** The rule under test. */
    R rule();

    /** Parameter values as in a spec, e.g. {@code low=0,high=1}; empty for the defaults. */
    default String parameters() {
        return "";
    }

    /** The layer views to generate; dense, convolution and recurrent cells by default. */
    default List<LayerKind> layers() {
        return List.of(LayerKind.DENSE, LayerKind.CONV, LayerKind.RECURRENT);
    }

    /** The output has the input's shape. */
    @Test
    default void relevanceHasTheInputShape() {
        new LinearRuleChecks(this).shape();
    }

    /** The output is finite, also for all-zero inputs and weights and for zero pre-activations. */
    @Test
    default void relevanceIsFinite() {
        new LinearRuleChecks(this).finite();
    }

    /** The output is linear in the upper relevance (or positively homogeneous, if the rule says it is not linear). */
    @Test
    default void relevanceIsLinearInTheUpperRelevance() {
        new LinearRuleChecks(this).linear();
    }

    /** A batch gives what each row gives alone. */
    @Test
    default void aBatchGivesWhatEachRowGivesAlone() {
        new LinearRuleChecks(this).batchEqualsRows();
    }

    /** A dense layer and the equivalent 1x1 convolution give the same relevance. */
    @Test
    default void aDenseLayerAndTheEquivalentOneByOneConvolutionAgree() {
        Assumptions.assumeTrue(layers().contains(LayerKind.DENSE) && layers().contains(LayerKind.CONV),
                "the rule is not checked on both dense and convolution layers");
        new LinearRuleChecks(this).denseEqualsOneByOneConvolution();
    }

    /** On layers with zero biases (and {@code bias=false}) relevance is conserved, if the rule claims it. */
    @Test
    default void conservesRelevanceIfItClaimsTo(TestReporter reporter) {
        Assumptions.assumeTrue(new ContractSubject(rule(), parameters()).claims(Guarantee.CONSERVATION),
                "the rule does not claim CONSERVATION");
        new LinearRuleChecks(this).conservation(reporter);
    }

    /** Non-negative upper relevance gives non-negative lower relevance, if the rule claims it. */
    @Test
    default void keepsRelevancePositiveIfItClaimsTo() {
        Assumptions.assumeTrue(new ContractSubject(rule(), parameters()).claims(Guarantee.POSITIVITY),
                "the rule does not claim POSITIVITY");
        new LinearRuleChecks(this).positivity();
    }

    /**
     * A {@link io.lrp4j.api.FormulaRule} gives, as the engine plans it, what its formula says computed term by term;
     * skipped for rules that implement {@code relevance} themselves.
     */
    @Test
    default void aFormulaRuleGivesWhatItsFormulaSays() {
        Assumptions.assumeTrue(rule() instanceof io.lrp4j.api.FormulaRule, "the rule is not a FormulaRule");
        new LinearRuleChecks(this).plannedEqualsLiteral();
    }

    /** The real classpath scan finds the rule. */
    @Test
    default void isFoundByTheClasspathScan() {
        RuleTestKit.assertDiscoverable(rule().getClass());
    }
}

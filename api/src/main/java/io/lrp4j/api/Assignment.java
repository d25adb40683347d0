package io.lrp4j.api;

/**
 * One entry of a composite: the layers a selector picks get the rule a spec names.
 *
 * <p>Selectors: {@code dense} ({@code DenseLayer} and {@code OutputLayer}), {@code conv}, {@code first} (the first
 * layer with weights), {@code first-conv}, {@code first-dense}, {@code all} (every layer with weights),
 * {@code activation}, {@code maxpool}, {@code avgpool} (average and global-average pooling), a layer index or a
 * layer name. Later entries override earlier ones.
 *
 * @param selector which layers
 * @param spec the rule, e.g. {@code epsilon(epsilon=0.25)}
 */
public record Assignment(String selector, RuleSpec spec) {
    /** An assignment from a selector and the text of a rule spec. */
    public static Assignment of(String selector, String spec) {
        return new Assignment(selector, RuleSpec.parse(spec));
    }
}

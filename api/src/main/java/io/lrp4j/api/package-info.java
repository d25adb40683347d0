/**
 * What a rule author sees of lrp4j, and nothing more.
 *
 * <p>A rule is a public, final, stateless class annotated {@link io.lrp4j.api.Rule} that implements
 * {@link io.lrp4j.api.LinearRule} (layers that are linear maps: dense, convolution, pooling) or
 * {@link io.lrp4j.api.ActivationRule} (element-wise activations), or both. A linear rule is best stated as its
 * {@link io.lrp4j.api.Formula} ({@link io.lrp4j.api.FormulaRule}), which the engine plans; otherwise it is written
 * once against a {@link io.lrp4j.api.LinearView}. Either way it serves every layer type that offers that view. Its parameters are
 * {@link io.lrp4j.api.Param typed, named and defaulted}; users set them by name in a spec such as
 * {@code epsilon(epsilon=0.25)}.
 *
 * <p>A jar that declares rules carries the marker resource {@value io.lrp4j.api.Rule#MARKER_RESOURCE} that lists its
 * rule packages, one per line; only those packages of only those jars are scanned.
 */
package io.lrp4j.api;

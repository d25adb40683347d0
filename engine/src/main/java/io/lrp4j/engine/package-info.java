/**
 * Explaining DL4J networks: build an {@link io.lrp4j.engine.Explainer} once per model, then call it on batches.
 *
 * <pre>{@code
 * Explainer explainer = Explainer.forModel(net).composite("epsilon-gamma-box(low=0,high=1)").build();
 * Explanation e = explainer.explain(x);
 * INDArray heatmap = e.relevance();
 * }</pre>
 */
package io.lrp4j.engine;

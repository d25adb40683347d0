/**
 * Measuring explanations: region perturbation (pixel flipping) and its area over the perturbation curve (AOPC,
 * Samek et al. 2017), computed in batches over rows and perturbation steps.
 */
package io.lrp4j.engine.evaluation;

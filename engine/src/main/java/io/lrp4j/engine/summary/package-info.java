/**
 * What a data set's explanations say together: per class, the mean relevance map and the mean absolute one
 * ({@link io.lrp4j.engine.summary.ClassMeans}), gathered block by block.
 */
package io.lrp4j.engine.summary;

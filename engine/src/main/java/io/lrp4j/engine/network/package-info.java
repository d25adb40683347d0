/**
 * A DL4J network compiled into a chain of stages the relevance pass can walk both ways: linear stages (dense,
 * convolution, pooling, with BatchNormalization folded in), activation stages and reshapes. One
 * {@link io.lrp4j.engine.network.LayerAdapter} per DL4J layer configuration class builds the stages; Guice binds
 * them in {@link io.lrp4j.engine.network.EngineModule}.
 */
package io.lrp4j.engine.network;

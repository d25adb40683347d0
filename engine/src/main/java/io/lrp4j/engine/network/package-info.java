/**
 * A DL4J network compiled into a graph of stages the relevance pass can walk both ways (a
 * {@code MultiLayerNetwork} is a chain of it): linear stages (dense, convolution, pooling, a graph's Add,
 * BatchNormalization that nothing absorbed), recurrent stages walked one time step at a time, activation stages,
 * and stages that only route relevance (reshapes, padding, merges, embeddings, a time step). One
 * {@link io.lrp4j.engine.network.LayerAdapter} per DL4J layer configuration class, and one
 * {@link io.lrp4j.engine.network.VertexAdapter} per graph vertex class, builds the stages; Guice binds them in
 * {@link io.lrp4j.engine.network.EngineModule}.
 */
package io.lrp4j.engine.network;

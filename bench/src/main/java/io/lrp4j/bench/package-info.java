/**
 * JMH benchmarks: each method's time per batch as a ratio to the network's own {@code net.output} in the same JVM,
 * and peak heap and ND4J off-heap memory per explained batch. Run with {@code bench/run}.
 */
package io.lrp4j.bench;

/**
 * lrp4j on Apache Spark: {@link io.lrp4j.spark.SparkExplainer} explains the rows of a {@code Dataset} partition by
 * partition, one {@code Explainer} per partition from the broadcast model; {@link io.lrp4j.spark.SparkMain} runs
 * {@code ./lrp spark explain} on a {@code .npy} file or a Parquet data set.
 */
package io.lrp4j.spark;

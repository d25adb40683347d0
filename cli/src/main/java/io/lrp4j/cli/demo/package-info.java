/**
 * The Fashion-MNIST demo: the IDX file format, the shipped model and test subset, {@code ./lrp train} which
 * produces them, and {@code ./lrp demo} which explains a dozen images with six methods into pictures and a report.
 */
package io.lrp4j.cli.demo;

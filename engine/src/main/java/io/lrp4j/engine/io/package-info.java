/**
 * Files users hand to lrp4j: NumPy {@code .npy} arrays and DL4J model zips, read with one clear error for
 * anything missing, truncated or corrupt.
 */
package io.lrp4j.engine.io;

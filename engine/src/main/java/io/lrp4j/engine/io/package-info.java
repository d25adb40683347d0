/**
 * Files users hand to lrp4j and files it writes for them: NumPy {@code .npy} arrays and DL4J model zips, read with
 * one clear error for anything missing, truncated or corrupt, and every output written whole or not at all
 * ({@link io.lrp4j.engine.io.OutputFile}).
 */
package io.lrp4j.engine.io;

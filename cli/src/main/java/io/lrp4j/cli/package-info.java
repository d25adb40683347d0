/**
 * The {@code ./lrp} command line: {@code explain}, {@code rules} and {@code composites}. Every user error is one line
 * on stderr and exit code 2; {@code --verbose} adds the stack trace.
 */
package io.lrp4j.cli;

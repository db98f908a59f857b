/**
 * JMH suites and the end-to-end driver.
 */
@NullMarked
package dev.relay.benchmarks;

import org.jspecify.annotations.NullMarked;

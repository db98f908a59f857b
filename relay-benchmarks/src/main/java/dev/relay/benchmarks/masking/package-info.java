/** JMH benchmarks of relay-masking: the single-pass masker against a naive regex chain. */
@NullMarked
package dev.relay.benchmarks.masking;

import org.jspecify.annotations.NullMarked;

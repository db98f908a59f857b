/**
 * Internals of relay-masking: not API, may change in any release. Public only so the benchmarks and
 * tests can reuse the validators.
 */
@NullMarked
package dev.relay.masking.internal;

import org.jspecify.annotations.NullMarked;

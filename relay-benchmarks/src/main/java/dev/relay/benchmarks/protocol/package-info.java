/**
 * JMH suites for relay-protocol: decoding requests and encoding results with the codec, side by
 * side with bare Jackson doing the same parse or write. Results in docs/benchmarks/protocol.md.
 */
@NullMarked
package dev.relay.benchmarks.protocol;

import org.jspecify.annotations.NullMarked;

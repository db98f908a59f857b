/**
 * JMH suites for relay-audit: cost per record unsigned, hashed and signed (per record and with
 * checkpoints), and the primitives behind them. Results in docs/benchmarks/audit.md.
 */
@NullMarked
package dev.relay.benchmarks.audit;

import org.jspecify.annotations.NullMarked;

/**
 * Scratch harness for the relay's hand-offs and wake-ups (issue 11, session 3): {@link
 * dev.relay.benchmarks.hops.HopsAB} runs two builds of {@code relay.jar} side by side in one JVM and
 * reports p50 and, per thread group, CPU time, kernel time and voluntary context switches per
 * request. Results in docs/benchmarks/e2e-profile.md.
 */
@NullMarked
package dev.relay.benchmarks.hops;

import org.jspecify.annotations.NullMarked;

/**
 * The 10,000 × 10 masked-result scenario of issue 11 on its own: end to end against direct JDBC,
 * and stage by stage, for side-by-side runs of two builds.
 */
@NullMarked
package dev.relay.benchmarks.wide;

import org.jspecify.annotations.NullMarked;

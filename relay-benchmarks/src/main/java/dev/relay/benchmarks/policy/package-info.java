/**
 * JMH benchmarks of the policy engine: validation latency over the benign corpus, our bounded
 * parse path against {@code CCJSqlParserUtil.parse(String)}, and time-to-answer for pathological
 * inputs. Results and the command line are in {@code docs/benchmarks/policy.md}.
 */
@NullMarked
package dev.relay.benchmarks.policy;

import org.jspecify.annotations.NullMarked;

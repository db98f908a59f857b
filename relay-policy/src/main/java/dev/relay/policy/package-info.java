/**
 * The policy engine. Start here: {@code PolicyEngine}; decisions are {@link dev.relay.policy.Decision}s.
 */
@NullMarked
package dev.relay.policy;

import org.jspecify.annotations.NullMarked;

/**
 * Internals of the policy engine: the PostgreSQL lexer, the bounded parser, the AST walk, the
 * function catalog, the row-limit rewrite and the MongoDB validator. Not API: anything here may
 * change without notice; use {@code dev.relay.policy.PolicyEngine} or {@code SqlPolicy}.
 */
@NullMarked
package dev.relay.policy.internal;

import org.jspecify.annotations.NullMarked;

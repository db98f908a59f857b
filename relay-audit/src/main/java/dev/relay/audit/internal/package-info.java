/**
 * Internals of relay-audit: JSON text, hashing, keys, the SQL tokenizer, built-in sinks. Not
 * API: anything here may change without notice.
 */
@NullMarked
package dev.relay.audit.internal;

import org.jspecify.annotations.NullMarked;

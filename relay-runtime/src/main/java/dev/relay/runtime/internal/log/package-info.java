/**
 * A small SLF4J 2 provider for operational logs on stderr: readable text by default, JSON lines
 * with {@code --log-format json}. Not API.
 */
@NullMarked
package dev.relay.runtime.internal.log;

import org.jspecify.annotations.NullMarked;

/**
 * Internals of the relay runtime: the WebSocket client, dispatch, lifecycle. Not API: anything
 * here may change without notice. Start from {@link dev.relay.runtime.RelayRuntime}.
 */
@NullMarked
package dev.relay.runtime.internal;

import org.jspecify.annotations.NullMarked;

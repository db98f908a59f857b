package dev.relay.protocol;

/**
 * A JSON-RPC 2.0 message: a {@link Request}, a {@link Notification}, a {@link Response} or a
 * {@link Batch} of them. Messages are immutable records; none of them prints its params, result
 * or error data in {@code toString()}.
 */
public sealed interface Message permits Request, Notification, Response, Batch {
}

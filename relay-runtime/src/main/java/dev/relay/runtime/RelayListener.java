package dev.relay.runtime;

import org.jspecify.annotations.Nullable;

/**
 * Observability hooks for metrics and tracing (Micrometer, OpenTelemetry, a log of one's own),
 * separate from the audit trail: the audit record is a required stage of every request, a
 * listener is optional and best effort. Install one with {@link RelayRuntime.Builder#listener}.
 *
 * <p>What a listener is given is deliberately poor: method names, resource ids, outcomes, reason
 * codes, counts and durations. Never a query, a parameter, a row value, a detail message or a
 * token, so a listener cannot become the leak the rest of the relay is built to prevent.
 *
 * <p>Calls come from the relay's worker, event-loop and timer threads: return quickly and never
 * block. A listener that throws is logged (by its class name) and the request carries on.
 */
public interface RelayListener {

    /** The listener that does nothing (the default). */
    RelayListener NONE = new RelayListener() {
    };

    /** How one request ended, as the control plane was answered. */
    enum Outcome {
        /** Answered with a result. */
        SUCCESS,
        /** Refused before reaching a database: policy, unknown resource, invalid params, overload, shutdown. */
        REJECTED,
        /** A database or internal error, a timeout, or a result withheld (masking or audit failed closed). */
        ERROR,
        /** Done, but its connection was gone: the answer never left. */
        DROPPED
    }

    /**
     * One finished request.
     *
     * @param method the JSON-RPC method ({@code execute}, {@code list_resources}...)
     * @param resourceId the resource it named, when it named one that was decoded
     * @param operation the {@code execute} operation ({@code query}, {@code explain}...), or null
     * @param outcome how it ended
     * @param reason the error's reason code ({@code QUERY_BLOCKED}, {@code OVERLOADED},
     *     {@code QUERY_TIMEOUT}...), or the JSON-RPC error code as text; null on success
     * @param durationNanos from its arrival on the relay to its answer
     */
    record RequestFinished(String method, @Nullable String resourceId, @Nullable String operation, Outcome outcome,
            @Nullable String reason, long durationNanos) {
    }

    /** The WebSocket to the control plane is up (after every reconnect too). */
    default void connected() {
    }

    /** The WebSocket to the control plane is gone; a reconnect follows unless the relay is stopping. */
    default void disconnected() {
    }

    /** A request was answered (or dropped with its connection). */
    default void requestFinished(RequestFinished request) {
    }

    /** A resource's reachability changed (also reported once per resource after start). */
    default void resourceReachability(String resourceId, boolean reachable) {
    }

    /** A config reload was applied ({@code true}) or refused and the running config kept. */
    default void configReloaded(boolean applied) {
    }
}

package dev.relay.protocol;

import java.util.Optional;

/**
 * Why the relay refused or failed an {@code execute} (SPEC §3). Each reason has its own JSON-RPC
 * error code in the implementation-defined server range; the error's {@code data.reason} holds
 * the {@link #name()}.
 */
public enum RelayReason {
    /** The resource id is not configured; no connection was attempted. */
    RESOURCE_NOT_FOUND(-32001, "Resource not found"),
    /** The operation is not in the resource's {@code allowedOperations}. */
    OPERATION_NOT_ALLOWED(-32002, "Operation not allowed for this resource"),
    /** The query failed a safety check. */
    QUERY_BLOCKED(-32003, "Request rejected by policy engine"),
    /** The statement timeout was reached. */
    QUERY_TIMEOUT(-32004, "Query timed out"),
    /** The database is unreachable or its pool stayed exhausted past the wait. */
    RESOURCE_UNAVAILABLE(-32005, "Resource unavailable"),
    /** The database refused the query (syntax error, missing table...). */
    QUERY_FAILED(-32006, "Query failed"),
    /** The relay's request queue is full. */
    OVERLOADED(-32007, "Relay overloaded"),
    /** The relay is draining and takes no new work. */
    SHUTTING_DOWN(-32008, "Relay shutting down");

    private final int code;
    private final String message;

    RelayReason(int code, String message) {
        this.code = code;
        this.message = message;
    }

    public int code() {
        return code;
    }

    /** The error message used by {@link JsonRpcError#relay}. */
    public String message() {
        return message;
    }

    public static Optional<RelayReason> fromCode(int code) {
        for (RelayReason r : values()) {
            if (r.code == code) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    public static Optional<RelayReason> fromName(String name) {
        for (RelayReason r : values()) {
            if (r.name().equals(name)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}

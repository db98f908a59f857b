package dev.relay.policy.spi;

import java.util.Objects;

/**
 * A connector could not carry out an approved request. The message is safe to send to the
 * control plane after masking: it never contains a row value, a query literal, a parameter
 * or a credential. A connector that wraps a driver exception composes its own message
 * (SQLSTATE or driver error code plus a sanitised description) and keeps the cause only for
 * local diagnostics.
 */
public class ConnectorException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** How the failure maps to the relay's reasons (SPEC §3). */
    public enum Kind {
        /** The statement timeout or the request deadline was reached. */
        QUERY_TIMEOUT,
        /** The database cannot be reached, authentication failed, or the pool wait expired. */
        RESOURCE_UNAVAILABLE,
        /** The database refused the query: syntax error, missing table, bad cast... */
        QUERY_FAILED
    }

    private final Kind kind;

    public ConnectorException(Kind kind, String safeMessage) {
        super(safeMessage);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public ConnectorException(Kind kind, String safeMessage, Throwable cause) {
        super(safeMessage, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public Kind kind() {
        return kind;
    }
}

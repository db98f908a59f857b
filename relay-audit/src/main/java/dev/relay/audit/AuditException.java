package dev.relay.audit;

/**
 * An audit record could not be written. When {@code failClosed} is on (the default) this reaches
 * the caller, which must then fail the request: no result leaves the relay without its record.
 * The message names the sink and the failure, never the record's content.
 */
public class AuditException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public AuditException(String message) {
        super(message);
    }

    public AuditException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.relay.audit;

/**
 * What a record is about, as written in its {@code event} field. One {@link #REQUEST} record is
 * written per request the relay received, whatever became of it; the others are lifecycle
 * records. {@link #AUDIT_STARTED}, {@link #CHECKPOINT} and {@link #AUDIT_CLOSED} are written by
 * {@link AuditLog} itself and cannot be built by callers.
 */
public enum AuditEvent {
    /** A JSON-RPC request (or a message that failed to be one). */
    REQUEST("request", false),
    /** The WebSocket connection to the control plane was established. */
    CONNECTED("connected", false),
    /** The connection was lost or closed; {@code reason} says why. */
    DISCONNECTED("disconnected", false),
    /** The configuration file was reloaded (outcome success) or a new file was refused (rejected). */
    CONFIG_RELOADED("config_reloaded", false),
    /** A resource became reachable. */
    RESOURCE_REACHABLE("resource_reachable", false),
    /** A resource became unreachable; {@code detail} carries the (masked) cause. */
    RESOURCE_UNREACHABLE("resource_unreachable", false),
    /** The relay is shutting down. */
    SHUTDOWN("shutdown", false),
    /** The audit log was opened; carries the public key when records are signed. */
    AUDIT_STARTED("audit_started", true),
    /** A signed checkpoint over the chain so far. */
    CHECKPOINT("checkpoint", true),
    /** The audit log was closed cleanly; the last record of a complete log. */
    AUDIT_CLOSED("audit_closed", true);

    private final String wireName;
    private final boolean internal;

    AuditEvent(String wireName, boolean internal) {
        this.wireName = wireName;
        this.internal = internal;
    }

    /** The value written in the record's {@code event} field. */
    public String wireName() {
        return wireName;
    }

    /** True for the events only {@link AuditLog} writes. */
    public boolean isInternal() {
        return internal;
    }

    @Override
    public String toString() {
        return wireName;
    }
}

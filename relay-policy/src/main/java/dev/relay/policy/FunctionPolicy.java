package dev.relay.policy;

/** How a PostgreSQL resource treats function calls. */
public enum FunctionPolicy {
    /** Every function is allowed except the built-in blocked families and {@code blockedFunctions}. */
    DENYLIST,
    /** Only the curated catalog of safe functions plus {@code allowedFunctions} is allowed. */
    ALLOWLIST
}

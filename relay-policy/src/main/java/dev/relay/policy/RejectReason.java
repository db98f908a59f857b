package dev.relay.policy;

/** Why the policy refused a request. Names match the relay's wire reasons (SPEC §3). */
public enum RejectReason {
    /** The resource id is not configured; no connection was attempted. */
    RESOURCE_NOT_FOUND,
    /** The operation is not in the resource's {@code allowedOperations}. */
    OPERATION_NOT_ALLOWED,
    /** The query failed a safety check (statement shape, function, table, stage, parse error). */
    QUERY_BLOCKED,
    /** The request itself is malformed (missing query, wrong form for the resource type). */
    INVALID_INPUT
}

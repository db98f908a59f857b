package dev.relay.policy;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An {@code execute} request as the policy sees it, independent of any wire format. Values in
 * the MongoDB fields and in {@code parameters} are JSON-compatible Java values (see
 * {@code dev.relay.policy.spi.ResultModel}). {@code toString()} never prints the query,
 * parameters or documents.
 *
 * @param operation the operation's wire name as received (checked by the engine, not trusted)
 */
public record PolicyRequest(
        String resourceId,
        String operation,
        @Nullable String query,
        List<@Nullable Object> parameters,
        @Nullable String collection,
        @Nullable Map<String, @Nullable Object> filter,
        @Nullable Map<String, @Nullable Object> projection,
        @Nullable Map<String, @Nullable Object> sort,
        @Nullable Integer skip,
        @Nullable Integer limit,
        @Nullable List<@Nullable Object> pipeline,
        @Nullable String table) {

    /** A SQL request. */
    public static PolicyRequest sql(String resourceId, String operation, String query, List<@Nullable Object> parameters) {
        return new PolicyRequest(resourceId, operation, query, parameters, null, null, null, null, null, null, null, null);
    }

    @Override
    public String toString() {
        return "PolicyRequest[resourceId=" + resourceId + ", operation=" + operation + ", <payload redacted>]";
    }
}

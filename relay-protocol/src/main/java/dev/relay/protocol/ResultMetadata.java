package dev.relay.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The {@code metadata} of every {@code execute} result.
 *
 * @param rowCount rows (documents, tables) returned
 * @param clamped true only when more rows (or bytes) existed than were returned
 * @param truncatedBy why the result was clamped; null when not clamped
 * @param maxRows the resource's {@code maxRowsPerQuery}
 * @param maskedFieldCount fields holding at least one mask
 */
public record ResultMetadata(
        String requestId,
        String resourceId,
        ExecuteOperation operation,
        int rowCount,
        boolean clamped,
        @Nullable Truncation truncatedBy,
        int maxRows,
        int maskedFieldCount,
        long executionTimeMs) implements WireObject {

    /** Why a result holds fewer rows than the query produced. Lower case on the wire. */
    public enum Truncation {
        ROWS,
        BYTES;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public ResultMetadata {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(resourceId, "resourceId");
        Objects.requireNonNull(operation, "operation");
    }

    @Override
    public Map<String, @Nullable Object> toWire() {
        Map<String, @Nullable Object> m = new LinkedHashMap<>();
        m.put("requestId", requestId);
        m.put("resourceId", resourceId);
        m.put("operation", operation.wireName());
        m.put("rowCount", rowCount);
        m.put("clamped", clamped);
        if (truncatedBy != null) {
            m.put("truncatedBy", truncatedBy.wireName());
        }
        m.put("maxRows", maxRows);
        m.put("maskedFieldCount", maskedFieldCount);
        m.put("executionTimeMs", executionTimeMs);
        return m;
    }

    /** Reads a {@code metadata} object. */
    public static ResultMetadata from(JsonNode node) {
        return read(ParamReader.of(node, "metadata"));
    }

    static ResultMetadata read(ParamReader r) {
        String requestId = r.requiredString("requestId");
        String resourceId = r.requiredString("resourceId");
        String op = r.requiredString("operation");
        ExecuteOperation operation = ExecuteOperation.fromWireName(op)
                .orElseThrow(() -> new InvalidParamsException(r.path("operation"), "is not a known operation"));
        int rowCount = r.requiredInt("rowCount", 0, Integer.MAX_VALUE);
        boolean clamped = r.requiredBoolean("clamped");
        String t = r.optionalString("truncatedBy");
        Truncation truncatedBy = null;
        if (t != null) {
            truncatedBy = switch (t) {
                case "rows" -> Truncation.ROWS;
                case "bytes" -> Truncation.BYTES;
                default -> throw new InvalidParamsException(r.path("truncatedBy"), "must be rows or bytes");
            };
        }
        int maxRows = r.requiredInt("maxRows", 0, Integer.MAX_VALUE);
        int masked = r.requiredInt("maskedFieldCount", 0, Integer.MAX_VALUE);
        long ms = r.requiredLong("executionTimeMs", 0, Long.MAX_VALUE);
        r.rejectUnknown();
        return new ResultMetadata(requestId, resourceId, operation, rowCount, clamped, truncatedBy, maxRows, masked, ms);
    }
}

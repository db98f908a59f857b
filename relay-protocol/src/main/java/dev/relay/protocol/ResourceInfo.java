package dev.relay.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One configured resource as {@code list_resources} and {@code resource_update} describe it.
 *
 * @param allowedOperations wire names ({@code query}, {@code list_tables}...)
 * @param schemaFingerprint a hash of the schema, changing when the schema does; null until known
 */
public record ResourceInfo(
        String id,
        String type,
        Status status,
        List<String> allowedOperations,
        int maxRowsPerQuery,
        @Nullable String schemaFingerprint) implements WireObject {

    /** Whether the relay can currently reach the resource. Lower case on the wire. */
    public enum Status {
        REACHABLE,
        UNREACHABLE;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public ResourceInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(status, "status");
        allowedOperations = List.copyOf(allowedOperations);
    }

    @Override
    public Map<String, @Nullable Object> toWire() {
        Map<String, @Nullable Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("type", type);
        m.put("status", status.wireName());
        m.put("allowedOperations", allowedOperations);
        m.put("maxRowsPerQuery", maxRowsPerQuery);
        m.put("schemaFingerprint", schemaFingerprint);
        return m;
    }

    public static ResourceInfo from(JsonNode node) {
        ParamReader r = ParamReader.of(node, "resource");
        ResourceInfo info = read(r);
        r.rejectUnknown();
        return info;
    }

    /** Reads the members of a resource, leaving the reader open for more. */
    static ResourceInfo read(ParamReader r) {
        String id = r.requiredString("id");
        String type = r.requiredString("type");
        String s = r.requiredString("status");
        Status status = switch (s) {
            case "reachable" -> Status.REACHABLE;
            case "unreachable" -> Status.UNREACHABLE;
            default -> throw new InvalidParamsException(r.path("status"), "must be reachable or unreachable");
        };
        List<String> ops = r.stringList("allowedOperations", true);
        int maxRows = r.requiredInt("maxRowsPerQuery", 0, Integer.MAX_VALUE);
        String fingerprint = r.optionalString("schemaFingerprint");
        return new ResourceInfo(id, type, status, ops, maxRows, fingerprint);
    }

    static List<ResourceInfo> readList(ParamReader r, String name) {
        List<ResourceInfo> out = new java.util.ArrayList<>();
        for (ParamReader e : r.objectList(name, true)) {
            out.add(read(e));
            e.rejectUnknown();
        }
        return List.copyOf(out);
    }
}

package dev.relay.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One entry of {@code list_tables}: schema (or database), name, kind ({@code table}, {@code view},
 * {@code materialized_view}, {@code collection}...) and the database's row estimate when known.
 */
public record TableEntry(String schema, String name, String kind, @Nullable Long estimatedRows) implements WireObject {

    public TableEntry {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
    }

    @Override
    public Map<String, @Nullable Object> toWire() {
        Map<String, @Nullable Object> m = new LinkedHashMap<>();
        m.put("schema", schema);
        m.put("name", name);
        m.put("kind", kind);
        m.put("estimatedRows", estimatedRows);
        return m;
    }

    public static TableEntry from(JsonNode node) {
        return read(ParamReader.of(node, "table"));
    }

    static TableEntry read(ParamReader r) {
        String schema = r.optionalText("schema");
        if (schema == null) {
            throw new InvalidParamsException(r.path("schema"), "is required (a string)");
        }
        TableEntry t = new TableEntry(schema, r.requiredString("name"), r.requiredString("kind"),
                r.optionalLong("estimatedRows", -1, Long.MAX_VALUE));
        r.rejectUnknown();
        return t;
    }
}

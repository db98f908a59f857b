package dev.relay.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A result column: its label and database type name ({@code int8}, {@code text}); {@code table}
 * when the database could tell where it comes from (omitted on the wire when unknown).
 */
public record ColumnInfo(String name, String type, @Nullable String table) implements WireObject {

    public ColumnInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }

    public ColumnInfo(String name, String type) {
        this(name, type, null);
    }

    @Override
    public Map<String, @Nullable Object> toWire() {
        Map<String, @Nullable Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("type", type);
        ExecuteParams.putIfPresent(m, "table", table);
        return m;
    }

    public static ColumnInfo from(JsonNode node) {
        return read(ParamReader.of(node, "column"));
    }

    static ColumnInfo read(ParamReader r) {
        String name = r.optionalText("name");
        if (name == null) {
            throw new InvalidParamsException(r.path("name"), "is required (a string)");
        }
        String type = r.requiredString("type");
        String table = r.optionalString("table");
        r.rejectUnknown();
        return new ColumnInfo(name, type, table);
    }
}

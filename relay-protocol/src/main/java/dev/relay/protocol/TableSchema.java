package dev.relay.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A table (or collection) with its columns (or sampled document fields, also under
 * {@code columns} on the wire), primary key and indexes: the answer of {@code describe_table}
 * and the entries of {@code describe_resource}. Only {@code schema}, {@code name} and
 * {@code kind} are required when reading: a {@code describe_resource} entry the relay did not
 * describe in full carries no columns.
 */
public record TableSchema(
        String schema,
        String name,
        String kind,
        List<Field> columns,
        List<String> primaryKey,
        List<Index> indexes,
        @Nullable Long estimatedRows) implements WireObject {

    /**
     * A column, or a (dotted) document field path. For MongoDB {@code type} lists the BSON types
     * seen ({@code string|int32}) and {@code presence} the fraction of sampled documents holding it.
     */
    public record Field(String name, String type, boolean nullable, @Nullable Double presence) implements WireObject {
        public Field {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
        }

        @Override
        public Map<String, @Nullable Object> toWire() {
            Map<String, @Nullable Object> m = new LinkedHashMap<>();
            m.put("name", name);
            m.put("type", type);
            m.put("nullable", nullable);
            ExecuteParams.putIfPresent(m, "presence", presence);
            return m;
        }

        static Field read(ParamReader r) {
            Field f = new Field(r.requiredString("name"), r.requiredString("type"), r.requiredBoolean("nullable"),
                    r.optionalDouble("presence"));
            r.rejectUnknown();
            return f;
        }
    }

    /** An index: name, the columns or field paths it covers, whether it is unique. */
    public record Index(String name, List<String> columns, boolean unique) implements WireObject {
        public Index {
            Objects.requireNonNull(name, "name");
            columns = List.copyOf(columns);
        }

        @Override
        public Map<String, @Nullable Object> toWire() {
            Map<String, @Nullable Object> m = new LinkedHashMap<>();
            m.put("name", name);
            m.put("columns", columns);
            m.put("unique", unique);
            return m;
        }

        static Index read(ParamReader r) {
            Index i = new Index(r.requiredString("name"), r.stringList("columns", true), r.requiredBoolean("unique"));
            r.rejectUnknown();
            return i;
        }
    }

    public TableSchema {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
        indexes = List.copyOf(indexes);
    }

    @Override
    public Map<String, @Nullable Object> toWire() {
        Map<String, @Nullable Object> m = new LinkedHashMap<>();
        m.put("schema", schema);
        m.put("name", name);
        m.put("kind", kind);
        m.put("columns", wire(columns));
        m.put("primaryKey", primaryKey);
        m.put("indexes", wire(indexes));
        m.put("estimatedRows", estimatedRows);
        return m;
    }

    static List<Object> wire(List<? extends WireObject> list) {
        List<Object> out = new ArrayList<>(list.size());
        for (WireObject w : list) {
            out.add(w.toWire());
        }
        return out;
    }

    public static TableSchema from(JsonNode node) {
        return read(ParamReader.of(node, "table"));
    }

    static TableSchema read(ParamReader r) {
        String schema = r.optionalText("schema");
        if (schema == null) {
            throw new InvalidParamsException(r.path("schema"), "is required (a string)");
        }
        String name = r.requiredString("name");
        String kind = r.requiredString("kind");
        List<Field> columns = new ArrayList<>();
        for (ParamReader f : r.objectList("columns", false)) {
            columns.add(Field.read(f));
        }
        List<String> pk = r.stringList("primaryKey", false);
        List<Index> indexes = new ArrayList<>();
        for (ParamReader i : r.objectList("indexes", false)) {
            indexes.add(Index.read(i));
        }
        Long estimatedRows = r.optionalLong("estimatedRows", -1, Long.MAX_VALUE);
        r.rejectUnknown();
        return new TableSchema(schema, name, kind, columns, pk, indexes, estimatedRows);
    }

    @Override
    public String toString() {
        return "TableSchema[" + schema + "." + name + ", kind=" + kind + ", columns=" + columns.size() + "]";
    }
}

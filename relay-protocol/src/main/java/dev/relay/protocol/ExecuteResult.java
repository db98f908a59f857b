package dev.relay.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The result of {@code execute}, one shape per kind of answer, each with its
 * {@link ResultMetadata}: {@link Rows} (SQL query), {@link Documents} (MongoDB query),
 * {@link Tables} ({@code list_tables}), {@link Table} ({@code describe_table}) and {@link Plan}
 * ({@code explain}). Values are JSON-compatible Java values, held without copying and written by
 * the codec. {@code toString()} never prints a value.
 */
public sealed interface ExecuteResult extends WireObject
        permits ExecuteResult.Rows, ExecuteResult.Documents, ExecuteResult.Tables, ExecuteResult.Table,
        ExecuteResult.Plan {

    ResultMetadata metadata();

    /**
     * Reads a result, telling the shape by its members ({@code columns}, {@code documents},
     * {@code tables}, {@code table}, {@code plan}).
     *
     * @throws InvalidParamsException naming the member at fault
     */
    static ExecuteResult from(JsonNode result) {
        ParamReader r = ParamReader.of(result, "result");
        ResultMetadata metadata = ResultMetadata.read(r.requiredNested("metadata"));
        ExecuteResult out;
        if (r.has("columns")) {
            List<ColumnInfo> columns = new ArrayList<>();
            for (ParamReader c : r.objectList("columns", true)) {
                columns.add(ColumnInfo.read(c));
            }
            JsonNode rowsNode = r.optionalArrayNode("rows");
            if (rowsNode == null) {
                throw new InvalidParamsException("result.rows", "is required (an array of arrays)");
            }
            List<List<@Nullable Object>> rows = new ArrayList<>(rowsNode.size());
            int i = 0;
            for (JsonNode row : rowsNode) {
                if (!row.isArray()) {
                    throw new InvalidParamsException("result.rows[" + i + "]", "must be an array");
                }
                @SuppressWarnings("unchecked")
                List<@Nullable Object> values = (List<@Nullable Object>) JsonValues.toJava(row);
                rows.add(values);
                i++;
            }
            out = new Rows(columns, rows, metadata);
        } else if (r.has("documents")) {
            JsonNode docs = Objects.requireNonNull(r.optionalArrayNode("documents"));
            List<Map<String, @Nullable Object>> documents = new ArrayList<>(docs.size());
            int i = 0;
            for (JsonNode d : docs) {
                if (!d.isObject()) {
                    throw new InvalidParamsException("result.documents[" + i + "]", "must be an object");
                }
                documents.add(JsonValues.toMap(d));
                i++;
            }
            out = new Documents(documents, metadata);
        } else if (r.has("tables")) {
            List<TableEntry> tables = new ArrayList<>();
            for (ParamReader t : r.objectList("tables", true)) {
                tables.add(TableEntry.read(t));
            }
            out = new Tables(tables, metadata);
        } else if (r.has("table")) {
            out = new Table(TableSchema.read(r.requiredNested("table")), metadata);
        } else if (r.has("plan")) {
            out = new Plan(JsonValues.toJava(r.node("plan")), metadata);
        } else {
            throw new InvalidParamsException("result", "must hold columns and rows, documents, tables, table or plan");
        }
        r.rejectUnknown();
        return out;
    }

    /** A SQL query's answer: rows are positional arrays aligned with {@code columns}. */
    record Rows(List<ColumnInfo> columns, List<List<@Nullable Object>> rows, ResultMetadata metadata)
            implements ExecuteResult {
        public Rows {
            columns = List.copyOf(columns);
            rows = Collections.unmodifiableList(rows);
            Objects.requireNonNull(metadata, "metadata");
        }

        @Override
        public Map<String, @Nullable Object> toWire() {
            Map<String, @Nullable Object> m = new LinkedHashMap<>();
            List<Object> cols = new ArrayList<>(columns.size());
            for (ColumnInfo c : columns) {
                cols.add(c.toWire());
            }
            m.put("columns", cols);
            m.put("rows", rows);
            m.put("metadata", metadata.toWire());
            return m;
        }

        @Override
        public String toString() {
            return "Rows[columns=" + columns.size() + ", rows=" + rows.size() + ", metadata=" + metadata + "]";
        }
    }

    /** A MongoDB query's answer: documents in relaxed Extended JSON, as Java values. */
    record Documents(List<Map<String, @Nullable Object>> documents, ResultMetadata metadata) implements ExecuteResult {
        public Documents {
            documents = Collections.unmodifiableList(documents);
            Objects.requireNonNull(metadata, "metadata");
        }

        @Override
        public Map<String, @Nullable Object> toWire() {
            Map<String, @Nullable Object> m = new LinkedHashMap<>();
            m.put("documents", documents);
            m.put("metadata", metadata.toWire());
            return m;
        }

        @Override
        public String toString() {
            return "Documents[documents=" + documents.size() + ", metadata=" + metadata + "]";
        }
    }

    /** The answer to {@code list_tables}. */
    record Tables(List<TableEntry> tables, ResultMetadata metadata) implements ExecuteResult {
        public Tables {
            tables = List.copyOf(tables);
            Objects.requireNonNull(metadata, "metadata");
        }

        @Override
        public Map<String, @Nullable Object> toWire() {
            Map<String, @Nullable Object> m = new LinkedHashMap<>();
            List<Object> list = new ArrayList<>(tables.size());
            for (TableEntry t : tables) {
                list.add(t.toWire());
            }
            m.put("tables", list);
            m.put("metadata", metadata.toWire());
            return m;
        }

        @Override
        public String toString() {
            return "Tables[tables=" + tables.size() + ", metadata=" + metadata + "]";
        }
    }

    /** The answer to {@code describe_table}. */
    record Table(TableSchema table, ResultMetadata metadata) implements ExecuteResult {
        public Table {
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(metadata, "metadata");
        }

        @Override
        public Map<String, @Nullable Object> toWire() {
            Map<String, @Nullable Object> m = new LinkedHashMap<>();
            m.put("table", table.toWire());
            m.put("metadata", metadata.toWire());
            return m;
        }
    }

    /** The answer to {@code explain}: the database's plan as JSON-compatible values. */
    record Plan(@Nullable Object plan, ResultMetadata metadata) implements ExecuteResult {
        public Plan {
            Objects.requireNonNull(metadata, "metadata");
        }

        @Override
        public Map<String, @Nullable Object> toWire() {
            Map<String, @Nullable Object> m = new LinkedHashMap<>();
            m.put("plan", plan);
            m.put("metadata", metadata.toWire());
            return m;
        }

        @Override
        public String toString() {
            return "Plan[plan=<redacted>, metadata=" + metadata + "]";
        }
    }
}

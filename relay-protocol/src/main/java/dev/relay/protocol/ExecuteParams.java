package dev.relay.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The params of {@code execute}. One of three query forms for {@code query} and {@code explain}:
 * SQL ({@code query} + {@code parameters}), a MongoDB find ({@code collection} + {@code filter},
 * {@code projection}, {@code sort}, {@code limit}, {@code skip}) or a MongoDB aggregate
 * ({@code collection} + {@code pipeline}); {@code list_tables} takes nothing more;
 * {@code describe_table} takes {@code table} (or {@code collection}, read into {@link #table()}).
 * Values are JSON-compatible Java values ({@link JsonValues}). {@code toString()} never prints
 * the query, parameters or documents.
 *
 * @param requestId the caller's correlation id; defaults to the JSON-RPC id's text
 * @param timeoutMs the caller's timeout in milliseconds, when given (the relay may cap it)
 * @param parameters the SQL bind parameters ({@code $1}, {@code $2}...); empty unless SQL
 * @param table the table (or collection) of {@code describe_table}
 */
public record ExecuteParams(
        String resourceId,
        ExecuteOperation operation,
        String requestId,
        @Nullable Long timeoutMs,
        @Nullable String query,
        List<@Nullable Object> parameters,
        @Nullable String collection,
        @Nullable Map<String, @Nullable Object> filter,
        @Nullable Map<String, @Nullable Object> projection,
        @Nullable Map<String, @Nullable Object> sort,
        @Nullable Integer limit,
        @Nullable Integer skip,
        @Nullable List<Map<String, @Nullable Object>> pipeline,
        @Nullable String table) implements WireObject {

    /** Which query form the params hold. */
    public enum Form {
        /** {@code query}: a SQL statement with positional parameters. */
        SQL,
        /** {@code collection} with filter/projection/sort/limit/skip. */
        MONGO_FIND,
        /** {@code collection} with {@code pipeline}. */
        MONGO_AGGREGATE,
        /** No query: {@code list_tables} or {@code describe_table}. */
        NONE
    }

    /** Largest {@code timeoutMs} accepted: one day. */
    public static final long MAX_TIMEOUT_MS = 86_400_000L;

    public ExecuteParams {
        Objects.requireNonNull(resourceId, "resourceId");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(requestId, "requestId");
        parameters = java.util.Collections.unmodifiableList(new ArrayList<>(parameters));
    }

    /** A SQL {@code query} or {@code explain}. */
    public static ExecuteParams sql(String resourceId, ExecuteOperation operation, String query,
            List<@Nullable Object> parameters, String requestId) {
        return new ExecuteParams(resourceId, operation, requestId, null, query, parameters,
                null, null, null, null, null, null, null, null);
    }

    /** A MongoDB find ({@code query} or {@code explain}). */
    public static ExecuteParams mongoFind(String resourceId, ExecuteOperation operation, String collection,
            @Nullable Map<String, @Nullable Object> filter, @Nullable Map<String, @Nullable Object> projection,
            @Nullable Map<String, @Nullable Object> sort, @Nullable Integer limit, @Nullable Integer skip,
            String requestId) {
        return new ExecuteParams(resourceId, operation, requestId, null, null, List.of(),
                collection, filter, projection, sort, limit, skip, null, null);
    }

    /** A MongoDB aggregate ({@code query} or {@code explain}). */
    public static ExecuteParams mongoAggregate(String resourceId, ExecuteOperation operation, String collection,
            List<Map<String, @Nullable Object>> pipeline, String requestId) {
        return new ExecuteParams(resourceId, operation, requestId, null, null, List.of(),
                collection, null, null, null, null, null, pipeline, null);
    }

    /** {@code list_tables}. */
    public static ExecuteParams listTables(String resourceId, String requestId) {
        return new ExecuteParams(resourceId, ExecuteOperation.LIST_TABLES, requestId, null, null, List.of(),
                null, null, null, null, null, null, null, null);
    }

    /** {@code describe_table}. */
    public static ExecuteParams describeTable(String resourceId, String table, String requestId) {
        return new ExecuteParams(resourceId, ExecuteOperation.DESCRIBE_TABLE, requestId, null, null, List.of(),
                null, null, null, null, null, null, null, table);
    }

    /** A copy with the caller's timeout. */
    public ExecuteParams withTimeoutMs(@Nullable Long timeoutMs) {
        return new ExecuteParams(resourceId, operation, requestId, timeoutMs, query, parameters, collection,
                filter, projection, sort, limit, skip, pipeline, table);
    }

    /** Reads the params of an {@code execute} request, {@code requestId} defaulting to its id. */
    public static ExecuteParams from(Request request) {
        return from(request.params(), request.id());
    }

    /**
     * Reads and checks {@code execute} params.
     *
     * @param id the JSON-RPC id, whose text is the default {@code requestId}
     * @throws InvalidParamsException ({@code -32602}) naming the first parameter at fault
     */
    public static ExecuteParams from(@Nullable JsonNode params, JsonRpcId id) {
        ParamReader r = ParamReader.of(params, "params");
        String resourceId = r.requiredString("resourceId");
        String opName = r.requiredString("operation");
        ExecuteOperation op = ExecuteOperation.fromWireName(opName).orElseThrow(() -> new InvalidParamsException(
                "operation", "must be one of query, list_tables, describe_table, explain"));
        String requestId = r.optionalString("requestId");
        if (requestId == null) {
            requestId = id.asText();
        }
        Long timeoutMs = r.optionalLong("timeoutMs", 1, MAX_TIMEOUT_MS);

        String query = null;
        List<@Nullable Object> parameters = List.of();
        String collection = null;
        Map<String, @Nullable Object> filter = null;
        Map<String, @Nullable Object> projection = null;
        Map<String, @Nullable Object> sort = null;
        Integer limit = null;
        Integer skip = null;
        List<Map<String, @Nullable Object>> pipeline = null;
        String table = null;

        if (op.takesQuery()) {
            r.forbid("table", "is not allowed for " + op.wireName() + " (use describe_table)");
            if (r.has("query")) {
                query = r.requiredString("query");
                for (String mongo : List.of("collection", "filter", "projection", "sort", "limit", "skip", "pipeline")) {
                    r.forbid(mongo, "cannot be combined with query (MongoDB requests name a collection instead)");
                }
                JsonNode ps = r.optionalArrayNode("parameters");
                if (ps != null) {
                    List<@Nullable Object> list = new ArrayList<>(ps.size());
                    for (JsonNode p : ps) {
                        list.add(JsonValues.toJava(p));
                    }
                    parameters = list;
                }
            } else if (r.has("collection")) {
                collection = r.requiredString("collection");
                r.forbid("parameters", "is only for SQL queries");
                if (r.has("pipeline")) {
                    for (String find : List.of("filter", "projection", "sort", "limit", "skip")) {
                        r.forbid(find, "cannot be combined with pipeline (add a stage instead)");
                    }
                    JsonNode stages = r.optionalArrayNode("pipeline");
                    List<Map<String, @Nullable Object>> list = new ArrayList<>();
                    int i = 0;
                    for (JsonNode stage : Objects.requireNonNull(stages)) {
                        if (!stage.isObject()) {
                            throw new InvalidParamsException("pipeline[" + i + "]", "must be an object (a stage)");
                        }
                        list.add(JsonValues.toMap(stage));
                        i++;
                    }
                    pipeline = List.copyOf(list);
                } else {
                    filter = r.optionalObject("filter");
                    projection = r.optionalObject("projection");
                    sort = r.optionalObject("sort");
                    limit = r.optionalInt("limit", 0, Integer.MAX_VALUE);
                    skip = r.optionalInt("skip", 0, Integer.MAX_VALUE);
                }
            } else {
                throw new InvalidParamsException("query", "is required (or collection, for MongoDB)");
            }
        } else {
            String why = "is not allowed for " + op.wireName();
            for (String q : List.of("query", "parameters", "filter", "projection", "sort", "limit", "skip", "pipeline")) {
                r.forbid(q, why);
            }
            if (op == ExecuteOperation.LIST_TABLES) {
                r.forbid("table", why);
                r.forbid("collection", why);
            } else {
                if (r.has("table") && r.has("collection")) {
                    throw new InvalidParamsException("collection", "cannot be combined with table (give one)");
                }
                table = r.has("collection") ? r.requiredString("collection") : r.optionalString("table");
                r.node("table");
                if (table == null) {
                    throw new InvalidParamsException("table", "is required (or collection, for MongoDB)");
                }
            }
        }
        r.rejectUnknown();
        return new ExecuteParams(resourceId, op, requestId, timeoutMs, query, parameters, collection, filter,
                projection, sort, limit, skip, pipeline, table);
    }

    /** Which query form these params hold. */
    public Form form() {
        if (query != null) {
            return Form.SQL;
        }
        if (pipeline != null) {
            return Form.MONGO_AGGREGATE;
        }
        if (collection != null) {
            return Form.MONGO_FIND;
        }
        return Form.NONE;
    }

    @Override
    public Map<String, @Nullable Object> toWire() {
        Map<String, @Nullable Object> m = new LinkedHashMap<>();
        m.put("resourceId", resourceId);
        m.put("operation", operation.wireName());
        m.put("requestId", requestId);
        putIfPresent(m, "timeoutMs", timeoutMs);
        putIfPresent(m, "query", query);
        if (query != null) {
            m.put("parameters", parameters);
        }
        putIfPresent(m, "collection", collection);
        putIfPresent(m, "filter", filter);
        putIfPresent(m, "projection", projection);
        putIfPresent(m, "sort", sort);
        putIfPresent(m, "limit", limit);
        putIfPresent(m, "skip", skip);
        putIfPresent(m, "pipeline", pipeline);
        putIfPresent(m, "table", table);
        return m;
    }

    static void putIfPresent(Map<String, @Nullable Object> m, String key, @Nullable Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }

    @Override
    public String toString() {
        return "ExecuteParams[resourceId=" + resourceId + ", operation=" + operation + ", requestId=" + requestId
                + ", form=" + form() + (collection != null ? ", collection=" + collection : "")
                + (table != null ? ", table=" + table : "") + ", <query and parameters redacted>]";
    }
}

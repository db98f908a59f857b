package dev.relay.policy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * A request the {@link PolicyEngine} has allowed, in the exact form a connector must run it.
 * Only this package can create one, so a connector that accepts an {@code ApprovedQuery}
 * cannot be handed a query that skipped the policy.
 *
 * <p>Row cap contract: the rewritten {@link #sql()} (or the find limit / the appended
 * {@code $limit} stage) lets at most {@code maxRows() + 1} rows through. A connector returns at
 * most {@link #maxRows()} rows; when it saw one more, the result is {@code clamped} with
 * {@code truncatedBy: rows}. When the caller's own LIMIT is lower than the cap it is kept, and
 * the result is never clamped.
 *
 * <p>{@code toString()} never prints the query, its parameters or documents.
 */
public final class ApprovedQuery {

    /** The shape of the approved request. */
    public enum Kind {
        /** A PostgreSQL statement in {@link #sql()} with positional {@link #parameters()}. */
        SQL,
        /** A MongoDB find: {@link #collection()}, {@link #filter()}, {@link #projection()}, {@link #sort()}, {@link #skip()}, {@link #limit()}. */
        MONGO_FIND,
        /** A MongoDB aggregate: {@link #collection()} and {@link #pipeline()}. */
        MONGO_AGGREGATE,
        /** {@code list_tables} or {@code describe_table}: no statement, only {@link #table()} and the table rules. */
        METADATA
    }

    private final String resourceId;
    private final Operation operation;
    private final Kind kind;
    private final int maxRows;
    private final boolean clampedByRewrite;
    private final @Nullable String sql;
    private final List<@Nullable Object> parameters;
    private final @Nullable String collection;
    private final @Nullable Map<String, @Nullable Object> filter;
    private final @Nullable Map<String, @Nullable Object> projection;
    private final @Nullable Map<String, @Nullable Object> sort;
    private final @Nullable Integer skip;
    private final @Nullable Integer limit;
    private final @Nullable List<Map<String, @Nullable Object>> pipeline;
    private final @Nullable String table;
    private final Predicate<String> tablePermitted;

    @SuppressWarnings("checkstyle:ParameterNumber")
    ApprovedQuery(String resourceId, Operation operation, Kind kind, int maxRows, boolean clampedByRewrite,
            @Nullable String sql, List<@Nullable Object> parameters, @Nullable String collection,
            @Nullable Map<String, @Nullable Object> filter, @Nullable Map<String, @Nullable Object> projection,
            @Nullable Map<String, @Nullable Object> sort, @Nullable Integer skip, @Nullable Integer limit,
            @Nullable List<Map<String, @Nullable Object>> pipeline, @Nullable String table,
            Predicate<String> tablePermitted) {
        this.resourceId = Objects.requireNonNull(resourceId, "resourceId");
        this.operation = Objects.requireNonNull(operation, "operation");
        this.kind = Objects.requireNonNull(kind, "kind");
        if (maxRows < 1) {
            throw new IllegalArgumentException("maxRows must be at least 1");
        }
        this.maxRows = maxRows;
        this.clampedByRewrite = clampedByRewrite;
        this.sql = sql;
        // List.copyOf rejects nulls, and SQL parameters may be null
        this.parameters = Collections.unmodifiableList(new ArrayList<>(parameters));
        this.collection = collection;
        this.filter = filter;
        this.projection = projection;
        this.sort = sort;
        this.skip = skip;
        this.limit = limit;
        this.pipeline = pipeline;
        this.table = table;
        this.tablePermitted = Objects.requireNonNull(tablePermitted, "tablePermitted");
    }

    public String resourceId() {
        return resourceId;
    }

    public Operation operation() {
        return operation;
    }

    public Kind kind() {
        return kind;
    }

    /** The most rows the connector may return (the resource's {@code maxRowsPerQuery}). */
    public int maxRows() {
        return maxRows;
    }

    /** True when the policy lowered a LIMIT the caller wrote (or added one where none was). */
    public boolean clampedByRewrite() {
        return clampedByRewrite;
    }

    /** The approved, possibly rewritten SQL ({@link Kind#SQL}); null otherwise. */
    public @Nullable String sql() {
        return sql;
    }

    /** Positional parameters ({@code $1}, {@code $2}...) to bind, never to concatenate. */
    public List<@Nullable Object> parameters() {
        return parameters;
    }

    public @Nullable String collection() {
        return collection;
    }

    public @Nullable Map<String, @Nullable Object> filter() {
        return filter;
    }

    public @Nullable Map<String, @Nullable Object> projection() {
        return projection;
    }

    public @Nullable Map<String, @Nullable Object> sort() {
        return sort;
    }

    public @Nullable Integer skip() {
        return skip;
    }

    /** The find limit to send to the server (at most {@code maxRows() + 1}). */
    public @Nullable Integer limit() {
        return limit;
    }

    /** The approved aggregate pipeline, with the clamp's {@code $limit} stage already appended. */
    public @Nullable List<Map<String, @Nullable Object>> pipeline() {
        return pipeline;
    }

    /** The table or collection named by {@code describe_table}; null for other operations. */
    public @Nullable String table() {
        return table;
    }

    /**
     * Whether the resource's {@code tables.allow}/{@code tables.deny} rules permit a table, given as
     * {@code schema.name} (or {@code database.collection}). Connectors filter {@code list_tables} with it.
     */
    public boolean permitsTable(String qualifiedName) {
        return tablePermitted.test(qualifiedName);
    }

    @Override
    public String toString() {
        return "ApprovedQuery[resourceId=" + resourceId + ", operation=" + operation + ", kind=" + kind
                + ", maxRows=" + maxRows + ", clampedByRewrite=" + clampedByRewrite + ", <query redacted>]";
    }
}

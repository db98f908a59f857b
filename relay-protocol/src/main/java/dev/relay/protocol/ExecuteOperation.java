package dev.relay.protocol;

import java.util.Optional;

/** The {@code operation} of an {@code execute} request, with its wire name. */
public enum ExecuteOperation {
    /** Run a read-only query (SQL, or a MongoDB find/aggregate). */
    QUERY("query"),
    /** List the tables (or collections) of the resource. */
    LIST_TABLES("list_tables"),
    /** Describe one table (or collection). */
    DESCRIBE_TABLE("describe_table"),
    /** The plan of a query; the statement is never executed. */
    EXPLAIN("explain");

    private final String wireName;

    ExecuteOperation(String wireName) {
        this.wireName = wireName;
    }

    /** The name on the wire, e.g. {@code "list_tables"}. */
    public String wireName() {
        return wireName;
    }

    /** Exact, lower-case match of a wire name. */
    public static Optional<ExecuteOperation> fromWireName(String name) {
        for (ExecuteOperation op : values()) {
            if (op.wireName.equals(name)) {
                return Optional.of(op);
            }
        }
        return Optional.empty();
    }

    /** Whether this operation carries a query (SQL or MongoDB): {@code query} and {@code explain}. */
    public boolean takesQuery() {
        return this == QUERY || this == EXPLAIN;
    }

    @Override
    public String toString() {
        return wireName;
    }
}

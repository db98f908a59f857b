package dev.relay.policy;

import java.util.Locale;
import java.util.Optional;

/** The operations a control plane may ask of a resource, as named on the wire. */
public enum Operation {
    QUERY("query"),
    LIST_TABLES("list_tables"),
    DESCRIBE_TABLE("describe_table"),
    EXPLAIN("explain");

    private final String wireName;

    Operation(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in JSON-RPC params and in {@code allowedOperations}. */
    public String wireName() {
        return wireName;
    }

    /** Looks an operation up by its wire name; exact match, lower case. */
    public static Optional<Operation> fromWireName(String name) {
        for (Operation op : values()) {
            if (op.wireName.equals(name)) {
                return Optional.of(op);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return wireName.toLowerCase(Locale.ROOT);
    }
}

package dev.relay.policy.spi;

import org.jspecify.annotations.Nullable;

/**
 * A result column: its label, its database type name ({@code int8}, {@code text}, {@code jsonb}),
 * and, when the database can tell, the table and the table column it comes from. Masking's column
 * rules match the source column when it is known, so renaming a column in the query
 * ({@code SELECT name AS n}) does not get past a rule on {@code name}.
 *
 * @param source the table column the values come from, or null when the database cannot tell
 *     (an expression, a literal, a driver without that metadata)
 */
public record Column(String name, String type, @Nullable String table, @Nullable String source) {

    /** A column whose source column is not known. */
    public Column(String name, String type, @Nullable String table) {
        this(name, type, table, null);
    }

    /** The name column rules match: the source column when known, else the label. */
    public String ruleName() {
        return source == null || source.isEmpty() ? name : source;
    }
}

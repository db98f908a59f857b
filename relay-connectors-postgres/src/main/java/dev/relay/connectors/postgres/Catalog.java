package dev.relay.connectors.postgres;

import dev.relay.policy.spi.TableDescription;
import dev.relay.policy.spi.TableInfo;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/** The catalog queries behind list_tables, describe_table and the schema fingerprint. */
final class Catalog {

    /** Schemas that belong to PostgreSQL itself. */
    private static final String USER_SCHEMAS = "n.nspname NOT IN ('pg_catalog', 'information_schema')"
            + " AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'";

    private static final String LIST = "SELECT n.nspname, c.relname, c.relkind, c.reltuples::int8"
            + " FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND " + USER_SCHEMAS
            + " ORDER BY n.nspname, c.relname";

    private static final String FIND_QUALIFIED = "SELECT c.oid, n.nspname, c.relname, c.relkind, c.reltuples::int8"
            + " FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND n.nspname = ? AND c.relname = ?";

    private static final String FIND_VISIBLE = "SELECT c.oid, n.nspname, c.relname, c.relkind, c.reltuples::int8"
            + " FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND c.relname = ? AND pg_catalog.pg_table_is_visible(c.oid)"
            + " AND " + USER_SCHEMAS;

    private static final String COLUMNS = "SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull"
            + " FROM pg_catalog.pg_attribute a WHERE a.attrelid = ? AND a.attnum > 0 AND NOT a.attisdropped"
            + " ORDER BY a.attnum";

    private static final String INDEXES = "SELECT ic.relname, i.indisunique, i.indisprimary,"
            + " ARRAY(SELECT pg_catalog.pg_get_indexdef(i.indexrelid, k, true)"
            + "       FROM pg_catalog.generate_series(1, i.indnkeyatts) AS k ORDER BY k)"
            + " FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid"
            + " WHERE i.indrelid = ? ORDER BY i.indisprimary DESC, ic.relname";

    private static final String FINGERPRINT = "SELECT n.nspname, c.relname, c.relkind, a.attname,"
            + " pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull"
            + " FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
            + " JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped"
            + " WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND " + USER_SCHEMAS
            + " ORDER BY n.nspname, c.relname, a.attnum";

    private Catalog() {
    }

    static String kind(String relkind) {
        return switch (relkind) {
            case "r" -> "table";
            case "p" -> "partitioned_table";
            case "v" -> "view";
            case "m" -> "materialized_view";
            case "f" -> "foreign_table";
            default -> "relation";
        };
    }

    /** reltuples is -1 (PostgreSQL 14+) or 0 before the first ANALYZE: unknown then, not zero. */
    private static @Nullable Long estimate(long reltuples, String relkind) {
        if (relkind.equals("v") || reltuples < 0) {
            return null;
        }
        return reltuples;
    }

    static List<TableInfo> listTables(Connection c, Predicate<String> permitted) throws SQLException {
        List<TableInfo> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(LIST); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String schema = rs.getString(1);
                String name = rs.getString(2);
                if (permitted.test(schema + "." + name)) {
                    String relkind = rs.getString(3);
                    out.add(new TableInfo(schema, name, kind(relkind), estimate(rs.getLong(4), relkind)));
                }
            }
        }
        return out;
    }

    /** Splits {@code schema.name} (each part optionally double-quoted) into its parts; schema null when absent. */
    static String @Nullable [] splitName(String table) {
        List<String> parts = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < table.length(); i++) {
            char ch = table.charAt(i);
            if (quoted) {
                if (ch == '"') {
                    if (i + 1 < table.length() && table.charAt(i + 1) == '"') {
                        cur.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cur.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == '.') {
                parts.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        if (quoted) {
            return null;
        }
        parts.add(cur.toString());
        if (parts.size() > 2 || parts.stream().anyMatch(String::isEmpty)) {
            return null;
        }
        return parts.size() == 1 ? new String[] {null, parts.get(0)} : new String[] {parts.get(0), parts.get(1)};
    }

    /** Describes a table, or returns null when it does not exist, is not visible or is not permitted. */
    static @Nullable TableDescription describe(Connection c, String table, Predicate<String> permitted)
            throws SQLException {
        String[] parts = splitName(table);
        if (parts == null) {
            return null;
        }
        TableDescription exact = describe(c, parts, permitted);
        if (exact == null && table.indexOf('"') < 0 && !table.equals(table.toLowerCase(java.util.Locale.ROOT))) {
            // unquoted identifiers fold to lower case in PostgreSQL
            String[] lower = splitName(table.toLowerCase(java.util.Locale.ROOT));
            return lower == null ? null : describe(c, lower, permitted);
        }
        return exact;
    }

    private static @Nullable TableDescription describe(Connection c, @Nullable String[] parts, Predicate<String> permitted)
            throws SQLException {
        long oid;
        String schema;
        String name;
        String relkind;
        long reltuples;
        PreparedStatement find = parts[0] == null ? c.prepareStatement(FIND_VISIBLE) : c.prepareStatement(FIND_QUALIFIED);
        try (find) {
            if (parts[0] == null) {
                find.setString(1, parts[1]);
            } else {
                find.setString(1, parts[0]);
                find.setString(2, parts[1]);
            }
            try (ResultSet rs = find.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                oid = rs.getLong(1);
                schema = rs.getString(2);
                name = rs.getString(3);
                relkind = rs.getString(4);
                reltuples = rs.getLong(5);
            }
        }
        if (!permitted.test(schema + "." + name)) {
            return null;
        }
        List<TableDescription.Field> fields = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(COLUMNS)) {
            ps.setObject(1, oid, java.sql.Types.OTHER);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    fields.add(new TableDescription.Field(rs.getString(1), rs.getString(2), !rs.getBoolean(3), null));
                }
            }
        }
        List<String> primaryKey = List.of();
        List<TableDescription.Index> indexes = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(INDEXES)) {
            ps.setObject(1, oid, java.sql.Types.OTHER);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<String> columns = new ArrayList<>();
                    try (ResultSet cols = rs.getArray(4).getResultSet()) {
                        while (cols.next()) {
                            columns.add(cols.getString(2));
                        }
                    }
                    indexes.add(new TableDescription.Index(rs.getString(1), List.copyOf(columns), rs.getBoolean(2)));
                    if (rs.getBoolean(3)) {
                        primaryKey = List.copyOf(columns);
                    }
                }
            }
        }
        return new TableDescription(schema, name, kind(relkind), List.copyOf(fields), primaryKey,
                List.copyOf(indexes), estimate(reltuples, relkind));
    }

    /** SHA-256 over every user relation's kind and columns (names, types, nullability) in a stable order. */
    static String fingerprint(Connection c) throws SQLException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (PreparedStatement ps = c.prepareStatement(FINGERPRINT); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String line = rs.getString(1) + '\u0000' + rs.getString(2) + '\u0000' + rs.getString(3) + '\u0000'
                        + rs.getString(4) + '\u0000' + rs.getString(5) + '\u0000' + rs.getBoolean(6) + '\n';
                digest.update(line.getBytes(StandardCharsets.UTF_8));
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}

package dev.relay.connectors.postgres;

import dev.relay.policy.spi.ConnectorException;
import dev.relay.policy.spi.ConnectorException.Kind;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Turns driver and pool failures into {@link ConnectorException}s whose messages are safe to send:
 * the SQLSTATE, its condition name and PostgreSQL's primary message with every quoted value
 * removed (PostgreSQL quotes offending values: {@code invalid input syntax for type integer: "abc"}).
 * Quoted names of relations, columns, types and the like are kept: they help and are not data.
 * The server's DETAIL, HINT and WHERE parts, which may quote rows, are never used.
 */
final class PgErrors {

    private static final Map<String, String> CONDITIONS = Map.ofEntries(
            Map.entry("57014", "query_canceled"),
            Map.entry("55P03", "lock_not_available"),
            Map.entry("25006", "read_only_sql_transaction"),
            Map.entry("25P03", "idle_in_transaction_session_timeout"),
            Map.entry("53300", "too_many_connections"),
            Map.entry("53000", "insufficient_resources"),
            Map.entry("53100", "disk_full"),
            Map.entry("53200", "out_of_memory"),
            Map.entry("57P01", "admin_shutdown"),
            Map.entry("57P02", "crash_shutdown"),
            Map.entry("57P03", "cannot_connect_now"),
            Map.entry("57P05", "idle_session_timeout"),
            Map.entry("08000", "connection_exception"),
            Map.entry("08001", "sqlclient_unable_to_establish_sqlconnection"),
            Map.entry("08003", "connection_does_not_exist"),
            Map.entry("08004", "sqlserver_rejected_establishment_of_sqlconnection"),
            Map.entry("08006", "connection_failure"),
            Map.entry("08P01", "protocol_violation"),
            Map.entry("28000", "invalid_authorization_specification"),
            Map.entry("28P01", "invalid_password"),
            Map.entry("3D000", "invalid_catalog_name"),
            Map.entry("42601", "syntax_error"),
            Map.entry("42501", "insufficient_privilege"),
            Map.entry("42P01", "undefined_table"),
            Map.entry("42703", "undefined_column"),
            Map.entry("42883", "undefined_function"),
            Map.entry("42704", "undefined_object"),
            Map.entry("42702", "ambiguous_column"),
            Map.entry("42725", "ambiguous_function"),
            Map.entry("42804", "datatype_mismatch"),
            Map.entry("42803", "grouping_error"),
            Map.entry("42P02", "undefined_parameter"),
            Map.entry("42P18", "indeterminate_datatype"),
            Map.entry("22P02", "invalid_text_representation"),
            Map.entry("22003", "numeric_value_out_of_range"),
            Map.entry("22007", "invalid_datetime_format"),
            Map.entry("22008", "datetime_field_overflow"),
            Map.entry("22012", "division_by_zero"),
            Map.entry("22001", "string_data_right_truncation"),
            Map.entry("22023", "invalid_parameter_value"),
            Map.entry("2201B", "invalid_regular_expression"),
            Map.entry("21000", "cardinality_violation"),
            Map.entry("22021", "character_not_in_repertoire"),
            Map.entry("0A000", "feature_not_supported"),
            Map.entry("54001", "statement_too_complex"),
            Map.entry("XX000", "internal_error"));

    private static final Map<String, String> CLASSES = Map.ofEntries(
            Map.entry("08", "connection_exception"),
            Map.entry("0A", "feature_not_supported"),
            Map.entry("21", "cardinality_violation"),
            Map.entry("22", "data_exception"),
            Map.entry("25", "invalid_transaction_state"),
            Map.entry("28", "invalid_authorization_specification"),
            Map.entry("42", "syntax_error_or_access_rule_violation"),
            Map.entry("53", "insufficient_resources"),
            Map.entry("54", "program_limit_exceeded"),
            Map.entry("55", "object_not_in_prerequisite_state"),
            Map.entry("57", "operator_intervention"),
            Map.entry("58", "system_error"),
            Map.entry("XX", "internal_error"));

    /** Words after which a double-quoted token is a name (kept), not a value (removed). */
    private static final Set<String> NAME_WORDS = Set.of("relation", "column", "table", "schema", "type", "function",
            "index", "constraint", "database", "role", "view", "sequence", "operator", "extension", "cursor",
            "collation", "domain", "trigger", "parameter", "reference", "statement", "portal", "tablespace",
            "publication", "subscription", "server", "policy", "aggregate", "procedure", "routine", "language", "user");

    private static final Pattern DOUBLE_QUOTED = Pattern.compile("\"(?:[^\"]|\"\")*\"");
    private static final Pattern SINGLE_QUOTED = Pattern.compile("'(?:[^']|'')*'");
    private static final Pattern LONG_NUMBER = Pattern.compile("\\b\\d{5,}\\b");

    private PgErrors() {
    }

    /** Maps a failure while running a request. */
    static ConnectorException map(SQLException e) {
        return map(e, null);
    }

    /** Maps a failure while running {@code sql} (null: no statement of the request's own). */
    static ConnectorException map(SQLException e, @Nullable String sql) {
        String state = e.getSQLState();
        if (e instanceof SQLTransientConnectionException && (state == null || !state.startsWith("08"))) {
            // HikariCP's pool wait expired
            SQLException cause = e.getCause() instanceof SQLException se ? se : null;
            String why = cause == null ? "" : ": last connection attempt failed with " + describe(cause);
            return new ConnectorException(Kind.RESOURCE_UNAVAILABLE,
                    "no database connection available within the pool wait (pool.acquireTimeout)" + why, e);
        }
        Kind kind = kindOf(state);
        String message = describe(e, sql);
        if ("57014".equals(state)) {
            message = "SQLSTATE 57014 (query_canceled): statement timeout reached or request cancelled";
        }
        return new ConnectorException(kind, message, e);
    }

    static Kind kindOf(@Nullable String state) {
        if (state == null) {
            return Kind.QUERY_FAILED;
        }
        if (state.equals("57014") || state.equals("55P03")) {
            return Kind.QUERY_TIMEOUT;
        }
        if (state.startsWith("08") || state.startsWith("28") || state.startsWith("53") || state.startsWith("57P")
                || state.equals("3D000") || state.equals("25P03")) {
            return Kind.RESOURCE_UNAVAILABLE;
        }
        return Kind.QUERY_FAILED;
    }

    static boolean isAuthFailure(@Nullable String state) {
        return state != null && state.startsWith("28");
    }

    static boolean isConnectFailure(@Nullable String state) {
        return state == null || state.startsWith("08") || state.startsWith("57P") || state.equals("53300");
    }

    /** {@code SQLSTATE 42P01 (undefined_table): relation "nope" does not exist}, with values removed. */
    static String describe(SQLException e) {
        return describe(e, null);
    }

    static String describe(SQLException e, @Nullable String sql) {
        String state = e.getSQLState() == null ? "?????" : e.getSQLState();
        String condition = condition(state);
        String text = null;
        if (e instanceof PSQLException pe) {
            ServerErrorMessage server = pe.getServerErrorMessage();
            if (server != null && server.getMessage() != null) {
                text = sanitize(server.getMessage(), sql);
            }
        }
        if (text == null) {
            text = clientText(state);
        }
        return "SQLSTATE " + state + " (" + condition + "): " + text;
    }

    private static final String NO_OPERATOR = "operator does not exist: ";

    /** Words PostgreSQL prints for types in {@code operator does not exist: integer + text}. */
    private static final Set<String> TYPE_WORDS = Set.of("smallint", "integer", "bigint", "numeric", "real", "double",
            "precision", "boolean", "text", "character", "varying", "char", "bpchar", "varchar", "name", "bytea", "date",
            "time", "timestamp", "with", "without", "zone", "interval", "uuid", "json", "jsonb", "jsonpath", "xml",
            "inet", "cidr", "macaddr", "money", "oid", "unknown", "record", "anyelement", "anyarray", "void",
            "tsvector", "tsquery", "point", "bit", "int4range", "int8range", "numrange", "tsrange", "tstzrange",
            "daterange", "none");
    private static final Pattern OPERATOR_SYMBOLS = Pattern.compile("[-+*/<>=~!@#%^&|`?]+");

    private static boolean writtenIn(@Nullable String sql, String name) {
        return sql == null || sql.toLowerCase(Locale.ROOT).contains(name.toLowerCase(Locale.ROOT));
    }

    /** {@code operator does not exist: <operands>}: the operands only when they are types, symbols or the statement's words. */
    private static String operands(String message, @Nullable String sql) {
        int at = message.indexOf(NO_OPERATOR);
        if (sql == null || at < 0) {
            return message;
        }
        String tail = message.substring(at + NO_OPERATOR.length());
        for (String word : tail.trim().split("[\\s(),\\[\\]]+")) {
            if (word.isEmpty() || OPERATOR_SYMBOLS.matcher(word).matches() || TYPE_WORDS.contains(word.toLowerCase(Locale.ROOT))
                    || word.equals("?") || word.equals("\"?\"") || writtenIn(sql, word)) {
                continue;
            }
            return message.substring(0, at + NO_OPERATOR.length()) + "?";
        }
        return message;
    }

    static String condition(String state) {
        String c = CONDITIONS.get(state);
        if (c == null && state.length() >= 2) {
            c = CLASSES.get(state.substring(0, 2));
        }
        return c == null ? "error" : c;
    }

    private static String clientText(String state) {
        if (state.startsWith("08")) {
            return "cannot connect to the database or the connection was lost";
        }
        if (state.startsWith("28")) {
            return "authentication failed";
        }
        if (state.equals("57014")) {
            return "statement cancelled";
        }
        return "the driver refused the request";
    }

    static String sanitize(String message) {
        return sanitize(message, null);
    }

    /**
     * Removes quoted values from a PostgreSQL primary message, keeping quoted object names.
     *
     * <p>With the request's statement ({@code sql} non-null) an object name is kept only when the
     * statement itself contains it: a row value cast to an object-name type ({@code email::regclass},
     * {@code ::regproc}, {@code ::regoper}, {@code ::regcollation}...) comes back quoted as a
     * relation, schema, function or collation name, and would otherwise get past a column rule.
     * For the same reason the unquoted operand list of {@code operator does not exist: …} is kept
     * only when each word of it is a type name or written in the statement.
     */
    static String sanitize(String message, @Nullable String sql) {
        String m = SINGLE_QUOTED.matcher(message).replaceAll("'?'");
        Matcher dq = DOUBLE_QUOTED.matcher(m);
        StringBuilder out = new StringBuilder();
        int last = 0;
        while (dq.find()) {
            out.append(m, last, dq.start());
            String before = m.substring(0, dq.start()).trim();
            int sp = before.lastIndexOf(' ');
            String word = (sp < 0 ? before : before.substring(sp + 1)).toLowerCase(Locale.ROOT);
            if (NAME_WORDS.contains(word) && writtenIn(sql, dq.group().substring(1, dq.group().length() - 1).replace("\"\"", "\""))) {
                out.append(dq.group());
            } else {
                out.append("\"?\"");
            }
            last = dq.end();
        }
        out.append(m.substring(last));
        String result = LONG_NUMBER.matcher(operands(out.toString(), sql)).replaceAll("?");
        return result.length() > 300 ? result.substring(0, 300) + "..." : result;
    }
}

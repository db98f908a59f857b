package dev.relay.connectors.postgres;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads PostgreSQL values into the relay's value model (see {@code dev.relay.policy.spi.ResultModel}):
 * integers as numbers (int8 beyond ±2^53 as a string), {@code numeric}/{@code money} as exact strings,
 * floats as doubles ({@code NaN}/{@code Infinity} as strings), date and time types as ISO-8601
 * strings ({@code timestamptz} normalised to UTC, {@code infinity} kept as is), intervals as ISO-8601
 * durations (the session uses {@code IntervalStyle=iso_8601}), {@code json}/{@code jsonb} parsed into
 * maps and lists, arrays as lists (element by element, recursively), {@code bytea} as base64, and
 * every other type (uuid, inet, enums, xml, ranges, geometric...) as PostgreSQL's text form.
 */
final class PgValues {

    private static final long MAX_SAFE = 1L << 53;

    /** How one column is read: chosen once per result from its type name. */
    enum Reader {
        BOOL, INT, INT8, FLOAT, EXACT_TEXT, DATE, TIME, TIMETZ, TIMESTAMP, TIMESTAMPTZ, JSON, BYTEA, ARRAY, TEXT;

        static Reader forType(String typeName, int sqlType) {
            switch (typeName) {
                case "bool":
                    return BOOL;
                case "int2":
                case "int4":
                    return INT;
                case "int8":
                case "oid":
                    return INT8;
                case "float4":
                case "float8":
                    return FLOAT;
                case "numeric":
                case "money":
                    return EXACT_TEXT;
                case "date":
                    return DATE;
                case "time":
                    return TIME;
                case "timetz":
                    return TIMETZ;
                case "timestamp":
                    return TIMESTAMP;
                case "timestamptz":
                    return TIMESTAMPTZ;
                case "json":
                case "jsonb":
                    return JSON;
                case "bytea":
                    return BYTEA;
                default:
                    return sqlType == java.sql.Types.ARRAY || typeName.startsWith("_") ? ARRAY : TEXT;
            }
        }
    }

    private PgValues() {
    }

    /** The type name shown to the agent: {@code int8}, {@code text}, arrays as {@code int4[]}. */
    static String displayType(String typeName) {
        if (typeName.startsWith("_")) {
            return typeName.substring(1) + "[]";
        }
        if (typeName.startsWith("\"_")) {
            return "\"" + typeName.substring(2) + "[]";
        }
        return typeName;
    }

    static Reader[] readers(ResultSetMetaData md) throws SQLException {
        Reader[] readers = new Reader[md.getColumnCount()];
        for (int i = 0; i < readers.length; i++) {
            readers[i] = Reader.forType(md.getColumnTypeName(i + 1), md.getColumnType(i + 1));
        }
        return readers;
    }

    static @Nullable Object read(ResultSet rs, int col, Reader reader) throws SQLException {
        switch (reader) {
            case BOOL: {
                boolean b = rs.getBoolean(col);
                return rs.wasNull() ? null : b;
            }
            case INT: {
                int v = rs.getInt(col);
                return rs.wasNull() ? null : v;
            }
            case INT8: {
                long v = rs.getLong(col);
                if (rs.wasNull()) {
                    return null;
                }
                return v >= -MAX_SAFE && v <= MAX_SAFE ? (Object) v : Long.toString(v);
            }
            case FLOAT: {
                double d = rs.getDouble(col);
                if (rs.wasNull()) {
                    return null;
                }
                return Double.isFinite(d) ? (Object) d : (Double.isNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
            }
            case DATE: {
                String raw = rs.getString(col);
                if (raw == null) {
                    return null;
                }
                if (isInfinity(raw)) {
                    return raw;
                }
                LocalDate d = rs.getObject(col, LocalDate.class);
                return d.format(DateTimeFormatter.ISO_LOCAL_DATE);
            }
            case TIME: {
                LocalTime t = rs.getObject(col, LocalTime.class);
                return t == null ? null : t.format(DateTimeFormatter.ISO_LOCAL_TIME);
            }
            case TIMETZ: {
                OffsetTime t = rs.getObject(col, OffsetTime.class);
                return t == null ? null : t.format(DateTimeFormatter.ISO_OFFSET_TIME);
            }
            case TIMESTAMP: {
                String raw = rs.getString(col);
                if (raw == null) {
                    return null;
                }
                if (isInfinity(raw)) {
                    return raw;
                }
                LocalDateTime t = rs.getObject(col, LocalDateTime.class);
                return t.format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
            }
            case TIMESTAMPTZ: {
                String raw = rs.getString(col);
                if (raw == null) {
                    return null;
                }
                if (isInfinity(raw)) {
                    return raw;
                }
                OffsetDateTime t = rs.getObject(col, OffsetDateTime.class);
                return t.withOffsetSameInstant(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            }
            case JSON: {
                String raw = rs.getString(col);
                return raw == null ? null : Json.parse(raw);
            }
            case BYTEA: {
                byte[] bytes = rs.getBytes(col);
                return bytes == null ? null : Base64.getEncoder().encodeToString(bytes);
            }
            case ARRAY: {
                Array array = rs.getArray(col);
                return array == null ? null : readArray(array);
            }
            case EXACT_TEXT:
            case TEXT:
            default:
                return rs.getString(col);
        }
    }

    private static boolean isInfinity(String raw) {
        return raw.equals("infinity") || raw.equals("-infinity");
    }

    /** An array as a list, reading each element with the reader of the element type (nested arrays recurse). */
    private static List<@Nullable Object> readArray(Array array) throws SQLException {
        List<@Nullable Object> out = new ArrayList<>();
        try (ResultSet elements = array.getResultSet()) {
            ResultSetMetaData md = elements.getMetaData();
            Reader reader = Reader.forType(md.getColumnTypeName(2), md.getColumnType(2));
            while (elements.next()) {
                out.add(read(elements, 2, reader));
            }
        } finally {
            array.free();
        }
        return out;
    }

    /**
     * An upper estimate of the value's size once serialised as JSON, in bytes: enough to stop
     * reading before a response exceeds {@code maxResponseBytes}, without serialising twice.
     */
    static long estimateSize(@Nullable Object v) {
        if (v == null) {
            return 4;
        }
        if (v instanceof String s) {
            return stringSize(s);
        }
        if (v instanceof Boolean b) {
            return b ? 4 : 5;
        }
        if (v instanceof Integer || v instanceof Long) {
            return 20;
        }
        if (v instanceof Double) {
            return 24;
        }
        if (v instanceof List<?> list) {
            long size = 2;
            for (Object e : list) {
                size += estimateSize(e) + 1;
            }
            return size;
        }
        if (v instanceof Map<?, ?> map) {
            long size = 2;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                size += stringSize(String.valueOf(e.getKey())) + 1 + estimateSize(e.getValue()) + 1;
            }
            return size;
        }
        return stringSize(v.toString());
    }

    private static long stringSize(String s) {
        long size = 2;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\') {
                size += 6;
            } else if (c < 0x80) {
                size += 1;
            } else if (c < 0x800 || Character.isSurrogate(c)) {
                size += 2;
            } else {
                size += 3;
            }
        }
        return size;
    }
}

package dev.relay.connectors.postgres;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A small JSON reader and writer for {@code json}/{@code jsonb} values, which PostgreSQL hands over
 * as text, and for binding map parameters. It produces the relay's value model: numbers that are
 * integers within ±2^53 become {@code Integer}/{@code Long}, larger ones and decimals that a
 * {@code double} cannot hold exactly stay {@code String}s, so nothing loses precision. The input comes
 * from PostgreSQL, which has already validated it; errors say where, never what.
 */
final class Json {

    private static final long MAX_SAFE = 1L << 53;
    private static final int MAX_DEPTH = 1000;

    private final String s;
    private int pos;

    private Json(String s) {
        this.s = s;
    }

    static @Nullable Object parse(String text) {
        Json p = new Json(text);
        p.skipWs();
        Object v = p.value(0);
        p.skipWs();
        if (p.pos != p.s.length()) {
            throw p.error("trailing characters");
        }
        return v;
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("malformed JSON at offset " + pos + ": " + what);
    }

    private void skipWs() {
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
                pos++;
            } else {
                break;
            }
        }
    }

    private @Nullable Object value(int depth) {
        if (depth > MAX_DEPTH) {
            throw error("nested too deeply");
        }
        if (pos >= s.length()) {
            throw error("unexpected end");
        }
        char c = s.charAt(pos);
        switch (c) {
            case '{':
                return object(depth);
            case '[':
                return array(depth);
            case '"':
                return string();
            case 't':
                expect("true");
                return Boolean.TRUE;
            case 'f':
                expect("false");
                return Boolean.FALSE;
            case 'n':
                expect("null");
                return null;
            default:
                return number();
        }
    }

    private void expect(String word) {
        if (!s.startsWith(word, pos)) {
            throw error("unexpected token");
        }
        pos += word.length();
    }

    private Map<String, @Nullable Object> object(int depth) {
        Map<String, @Nullable Object> map = new LinkedHashMap<>();
        pos++;
        skipWs();
        if (pos < s.length() && s.charAt(pos) == '}') {
            pos++;
            return map;
        }
        while (true) {
            skipWs();
            if (pos >= s.length() || s.charAt(pos) != '"') {
                throw error("expected a member name");
            }
            String key = string();
            skipWs();
            if (pos >= s.length() || s.charAt(pos) != ':') {
                throw error("expected ':'");
            }
            pos++;
            skipWs();
            map.put(key, value(depth + 1));
            skipWs();
            if (pos >= s.length()) {
                throw error("unexpected end");
            }
            char c = s.charAt(pos++);
            if (c == '}') {
                return map;
            }
            if (c != ',') {
                throw error("expected ',' or '}'");
            }
        }
    }

    private List<@Nullable Object> array(int depth) {
        List<@Nullable Object> list = new ArrayList<>();
        pos++;
        skipWs();
        if (pos < s.length() && s.charAt(pos) == ']') {
            pos++;
            return list;
        }
        while (true) {
            skipWs();
            list.add(value(depth + 1));
            skipWs();
            if (pos >= s.length()) {
                throw error("unexpected end");
            }
            char c = s.charAt(pos++);
            if (c == ']') {
                return list;
            }
            if (c != ',') {
                throw error("expected ',' or ']'");
            }
        }
    }

    private String string() {
        pos++;
        StringBuilder sb = null;
        int start = pos;
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c == '"') {
                String result = sb == null ? s.substring(start, pos) : sb.append(s, start, pos).toString();
                pos++;
                return result;
            }
            if (c == '\\') {
                if (sb == null) {
                    sb = new StringBuilder();
                }
                sb.append(s, start, pos);
                pos++;
                if (pos >= s.length()) {
                    break;
                }
                char e = s.charAt(pos++);
                switch (e) {
                    case '"', '\\', '/' -> sb.append(e);
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'u' -> {
                        if (pos + 4 > s.length()) {
                            throw error("bad unicode escape");
                        }
                        sb.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                        pos += 4;
                    }
                    default -> throw error("bad escape");
                }
                start = pos;
            } else {
                pos++;
            }
        }
        throw error("unterminated string");
    }

    private Object number() {
        int start = pos;
        boolean integral = true;
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c >= '0' && c <= '9' || c == '-' || c == '+') {
                pos++;
            } else if (c == '.' || c == 'e' || c == 'E') {
                integral = false;
                pos++;
            } else {
                break;
            }
        }
        if (start == pos) {
            throw error("unexpected character");
        }
        return number(s.substring(start, pos), integral);
    }

    /** A JSON number text as a value-model value. */
    static Object number(String text, boolean integral) {
        try {
            if (integral) {
                if (text.length() <= 18) {
                    return integer(Long.parseLong(text));
                }
                BigInteger big = new BigInteger(text);
                return big.bitLength() < 54 ? integer(big.longValue()) : text;
            }
            BigDecimal exact = new BigDecimal(text);
            double d = exact.doubleValue();
            if (!Double.isInfinite(d) && new BigDecimal(d).compareTo(exact) == 0) {
                return d;
            }
            // 0.1 is not exactly a double; accept when the shortest double text reads back the same
            if (!Double.isInfinite(d) && new BigDecimal(Double.toString(d)).compareTo(exact) == 0) {
                return d;
            }
            return text;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("malformed JSON number");
        }
    }

    /** An integer as {@code Integer} or {@code Long} within ±2^53, otherwise its decimal text. */
    static Object integer(long v) {
        if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            return (int) v;
        }
        if (v >= -MAX_SAFE && v <= MAX_SAFE) {
            return v;
        }
        return Long.toString(v);
    }

    /** Writes a value-model value as JSON text (for binding map parameters to json/jsonb). */
    static String write(@Nullable Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value);
        return sb.toString();
    }

    private static void write(StringBuilder sb, @Nullable Object v) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof String str) {
            quote(sb, str);
        } else if (v instanceof Number || v instanceof Boolean) {
            sb.append(v);
        } else if (v instanceof Map<?, ?> map) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                quote(sb, String.valueOf(e.getKey()));
                sb.append(':');
                write(sb, e.getValue());
            }
            sb.append('}');
        } else if (v instanceof List<?> list) {
            sb.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                write(sb, list.get(i));
            }
            sb.append(']');
        } else {
            quote(sb, v.toString());
        }
    }

    static void quote(StringBuilder sb, String str) {
        sb.append('"');
        for (int i = 0; i < str.length(); i++) {
            char c = str.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}

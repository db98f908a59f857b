package dev.relay.audit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeMap;

/**
 * The canonical form of a parsed record (docs/audit.md): RFC 8785 (JCS) restricted to what records
 * hold — objects with keys sorted by UTF-16 code units, strings escaped minimally, integers in
 * plain decimal, booleans, null, arrays — with the top-level keys {@code hash} and {@code sig}
 * left out, and no whitespace.
 */
public final class CanonicalJson {

    private static final Set<String> UNSIGNED_KEYS = Set.of("hash", "sig");

    private CanonicalJson() {
    }

    /** Thrown for a value a record never holds (a fraction or exponent number). */
    public static final class NotCanonicalizable extends Exception {
        private static final long serialVersionUID = 1L;

        NotCanonicalizable(String message) {
            super(message);
        }
    }

    /** The canonical form of {@code record} without its {@code hash} and {@code sig}. */
    public static String ofRecord(JsonNode record) throws NotCanonicalizable {
        StringBuilder sb = new StringBuilder(512);
        appendObject(sb, record, true);
        return sb.toString();
    }

    private static void append(StringBuilder sb, JsonNode n) throws NotCanonicalizable {
        if (n.isObject()) {
            appendObject(sb, n, false);
        } else if (n.isArray()) {
            sb.append('[');
            for (int i = 0; i < n.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                append(sb, n.get(i));
            }
            sb.append(']');
        } else if (n.isTextual()) {
            JsonText.appendString(sb, n.textValue());
        } else if (n.isIntegralNumber()) {
            sb.append(n.bigIntegerValue());
        } else if (n.isBoolean()) {
            sb.append(n.booleanValue());
        } else if (n.isNull()) {
            sb.append("null");
        } else {
            throw new NotCanonicalizable("holds a " + n.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
                    + " value; records hold only strings, integers, booleans and objects");
        }
    }

    private static void appendObject(StringBuilder sb, JsonNode n, boolean topLevel) throws NotCanonicalizable {
        TreeMap<String, JsonNode> sorted = new TreeMap<>();
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!(topLevel && UNSIGNED_KEYS.contains(k))) {
                sorted.put(k, n.get(k));
            }
        }
        sb.append('{');
        boolean first = true;
        for (var e : sorted.entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            JsonText.appendString(sb, e.getKey());
            sb.append(':');
            append(sb, e.getValue());
        }
        sb.append('}');
    }
}

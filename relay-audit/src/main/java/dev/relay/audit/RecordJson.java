package dev.relay.audit;

import dev.relay.audit.internal.JsonText;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Writes a record's fields as one JSON line, or as its canonical form. */
final class RecordJson {

    private RecordJson() {
    }

    /** The line as written: fields in {@link Field#OUTPUT_ORDER}, absent ones left out, no newline. */
    static String line(@Nullable Object[] values) {
        return write(values, Field.OUTPUT_ORDER);
    }

    /** The canonical form: fields sorted by name, without hash and sig, no whitespace. */
    static String canonical(@Nullable Object[] values) {
        return write(values, Field.CANONICAL_ORDER);
    }

    private static String write(@Nullable Object[] values, Field[] order) {
        StringBuilder sb = new StringBuilder(512);
        sb.append('{');
        boolean first = true;
        for (Field f : order) {
            Object v = values[f.ordinal()];
            if (v == null) {
                continue;
            }
            if (!first) {
                sb.append(',');
            }
            first = false;
            sb.append(f.prefix);
            appendValue(sb, v);
        }
        return sb.append('}').toString();
    }

    private static void appendValue(StringBuilder sb, Object v) {
        if (v instanceof String) {
            JsonText.appendString(sb, (String) v);
        } else if (v instanceof Long || v instanceof Integer || v instanceof Boolean) {
            sb.append(v);
        } else if (v instanceof Map) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                JsonText.appendString(sb, (String) e.getKey());
                sb.append(':');
                appendValue(sb, e.getValue());
            }
            sb.append('}');
        } else {
            throw new IllegalStateException("unexpected field type " + v.getClass().getName());
        }
    }
}

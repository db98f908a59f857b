package dev.relay.audit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The shape of a MongoDB filter, projection, sort or pipeline: keys (field names and operators)
 * kept in order, every scalar value replaced by {@code "?"}, an array whose elements are all
 * scalars collapsed to {@code ["?"]}. Accepts Jackson trees and the value model (maps, lists,
 * strings, numbers, booleans, null). Written as compact JSON.
 */
public final class MongoShape {

    private MongoShape() {
    }

    public static void append(StringBuilder out, @Nullable Object value) {
        if (value instanceof JsonNode) {
            appendNode(out, (JsonNode) value);
        } else if (value instanceof Map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                JsonText.appendString(out, String.valueOf(e.getKey()));
                out.append(':');
                append(out, e.getValue());
            }
            out.append('}');
        } else if (value instanceof List) {
            List<?> list = (List<?>) value;
            boolean allScalar = list.stream().allMatch(v -> !(v instanceof Map) && !(v instanceof List)
                    && !(v instanceof JsonNode && ((JsonNode) v).isContainerNode()));
            if (allScalar && !list.isEmpty()) {
                out.append("[\"?\"]");
                return;
            }
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                append(out, list.get(i));
            }
            out.append(']');
        } else {
            out.append("\"?\"");
        }
    }

    private static void appendNode(StringBuilder out, JsonNode node) {
        if (node.isObject()) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                JsonText.appendString(out, e.getKey());
                out.append(':');
                appendNode(out, e.getValue());
            }
            out.append('}');
        } else if (node.isArray()) {
            boolean allScalar = true;
            for (JsonNode e : node) {
                allScalar &= !e.isContainerNode();
            }
            if (allScalar && node.size() > 0) {
                out.append("[\"?\"]");
                return;
            }
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                appendNode(out, node.get(i));
            }
            out.append(']');
        } else {
            out.append("\"?\"");
        }
    }
}

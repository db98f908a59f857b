package dev.relay.masking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Iterator;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Jackson tree traversal; loaded only when a Jackson value is masked (Jackson is optional). */
final class JsonMasking {
    private JsonMasking() {
    }

    static boolean isJson(Object v) {
        return v instanceof JsonNode;
    }

    static Object maskAny(Masker.Walk w, Object v, MaskScope scope, int depth, @Nullable String field) {
        return mask(w, (JsonNode) v, scope, depth, field);
    }

    /** Masks {@code node}; {@code field} is the object field or column holding it (null at the top). */
    static JsonNode mask(Masker.Walk w, JsonNode node, MaskScope scope, int depth, @Nullable String field) {
        w.checkDepth(depth);
        MaskingConfig.ColumnRule rule = w.rule(scope);
        if (rule != null && !node.isNull() && !node.isMissingNode()) {
            return TextNode.valueOf(w.applyRule(rule, node.isTextual() ? node.textValue() : node.toString()));
        }
        if (field != null && (node.isTextual() || node.isIntegralNumber())) {
            String secret = w.secretField(field, node.isTextual() ? node.textValue() : node.asText());
            if (secret != null) {
                return TextNode.valueOf(secret);
            }
        }
        if (node.isTextual()) {
            String s = node.textValue();
            String m = w.string(s);
            return m == s ? node : TextNode.valueOf(m);
        }
        if (node.isIntegralNumber()) {
            if (node.canConvertToLong()) {
                String m = w.number(node.longValue());
                return m == null ? node : TextNode.valueOf(m);
            }
            String m = w.string(node.asText());
            return m.equals(node.asText()) ? node : TextNode.valueOf(m);
        }
        if (node.isObject()) {
            ObjectNode copy = null;
            int idx = 0;
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode child = e.getValue();
                JsonNode masked = mask(w, child, w.child(scope, e.getKey()), depth + 1, e.getKey());
                if (masked != child && copy == null) {
                    copy = JsonNodeFactory.instance.objectNode();
                    Iterator<Map.Entry<String, JsonNode>> before = node.fields();
                    for (int k = 0; k < idx; k++) {
                        Map.Entry<String, JsonNode> b = before.next();
                        copy.set(b.getKey(), b.getValue());
                    }
                }
                if (copy != null) {
                    copy.set(e.getKey(), masked);
                }
                idx++;
            }
            return copy == null ? node : copy;
        }
        if (node.isArray()) {
            ArrayNode copy = null;
            for (int k = 0; k < node.size(); k++) {
                JsonNode child = node.get(k);
                JsonNode masked = mask(w, child, scope, depth + 1, field);
                if (masked != child && copy == null) {
                    copy = JsonNodeFactory.instance.arrayNode(node.size());
                    for (int b = 0; b < k; b++) {
                        copy.add(node.get(b));
                    }
                }
                if (copy != null) {
                    copy.add(masked);
                }
            }
            return copy == null ? node : copy;
        }
        return node;
    }
}

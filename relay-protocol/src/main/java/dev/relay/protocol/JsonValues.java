package dev.relay.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.POJONode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Converts between JSON trees and JSON-compatible Java values: {@code null}, {@link Boolean},
 * {@link Integer} (when it fits), {@link Long}, {@link Double}, {@link String},
 * {@link List} and insertion-ordered {@link Map}. Integers beyond {@code long} and decimals
 * beyond {@code double} become the number's text, so nothing is silently rounded to infinity.
 */
public final class JsonValues {

    private JsonValues() {
    }

    /** The Java value of a JSON tree; lists and maps returned are unmodifiable. */
    public static @Nullable Object toJava(@Nullable JsonNode node) {
        if (node == null) {
            return null;
        }
        switch (node.getNodeType()) {
            case NULL:
            case MISSING:
                return null;
            case BOOLEAN:
                return node.booleanValue();
            case STRING:
                return node.textValue();
            case NUMBER:
                if (node.isIntegralNumber()) {
                    if (node.canConvertToInt()) {
                        return node.intValue();
                    }
                    if (node.canConvertToLong()) {
                        return node.longValue();
                    }
                    return node.bigIntegerValue().toString();
                }
                double d = node.doubleValue();
                return Double.isFinite(d) ? (Object) d : node.asText();
            case ARRAY: {
                List<@Nullable Object> list = new ArrayList<>(node.size());
                for (JsonNode e : node) {
                    list.add(toJava(e));
                }
                return Collections.unmodifiableList(list);
            }
            case OBJECT:
                return toMap(node);
            case BINARY:
                try {
                    return Base64.getEncoder().encodeToString(node.binaryValue());
                } catch (java.io.IOException e) {
                    return null;
                }
            case POJO:
                return ((POJONode) node).getPojo();
            default:
                return null;
        }
    }

    /** The map of a JSON object (unmodifiable, insertion ordered). */
    public static Map<String, @Nullable Object> toMap(JsonNode object) {
        Map<String, @Nullable Object> map = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            map.put(e.getKey(), toJava(e.getValue()));
        }
        return Collections.unmodifiableMap(map);
    }

    /**
     * A node for a Java value: JSON nodes as they are, scalars as value nodes, lists, maps and
     * {@link WireObject}s wrapped without copying (the codec writes them).
     */
    public static JsonNode toNode(@Nullable Object value) {
        return Params.toResultNode(value);
    }
}

package dev.relay.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.POJONode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Wraps Java values as nodes for the message records. Not API. */
final class Params {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Params() {
    }

    /** Params: null stays null (no {@code params} member). */
    static @Nullable JsonNode toNode(@Nullable Object value) {
        return value == null ? null : toResultNode(value);
    }

    /** Any JSON value; Java null becomes JSON null. Maps, lists and wire objects are wrapped, not copied. */
    static JsonNode toResultNode(@Nullable Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof JsonNode node) {
            return node;
        }
        if (value instanceof String s) {
            return NODES.textNode(s);
        }
        if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (value instanceof Integer i) {
            return NODES.numberNode(i);
        }
        if (value instanceof Long l) {
            return NODES.numberNode(l);
        }
        if (value instanceof Double d) {
            return NODES.numberNode(d);
        }
        if (value instanceof BigDecimal d) {
            return DecimalNode.valueOf(d);
        }
        if (value instanceof BigInteger i) {
            return NODES.numberNode(i);
        }
        return new POJONode(value);
    }

    static void requireStructured(@Nullable JsonNode params) {
        if (params == null || params.isObject() || params.isArray()) {
            return;
        }
        if (params instanceof POJONode pojo) {
            Object v = pojo.getPojo();
            if (v instanceof Map || v instanceof List || v instanceof WireObject) {
                return;
            }
        }
        throw new IllegalArgumentException("params: must be an object or an array");
    }

    static String redacted(@Nullable JsonNode params) {
        return params == null ? "none" : "<redacted>";
    }
}

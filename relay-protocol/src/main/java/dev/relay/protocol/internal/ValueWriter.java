package dev.relay.protocol.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.POJONode;
import dev.relay.protocol.WireObject;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import org.jspecify.annotations.Nullable;

/**
 * Writes JSON trees and JSON-compatible Java values with a generator. Accepts exactly: null,
 * Boolean, Integer/Long/Short/Byte, Double/Float (NaN and infinities as strings), BigDecimal,
 * BigInteger, String, Character, List, Map with String keys, JsonNode (including POJONode
 * wrapping any of these) and {@link WireObject}. Anything else, or nesting deeper than the
 * limit (which also stops cycles), raises {@link UnwritableValueException} naming the type only.
 * {@link #check} walks a value the same way without writing, so a caller that streams its output
 * can know before the first byte leaves that writing will not fail.
 */
public final class ValueWriter {

    private final int maxDepth;

    public ValueWriter(int maxDepth) {
        this.maxDepth = maxDepth;
    }

    public void write(JsonGenerator g, @Nullable Object value) throws IOException {
        write(g, value, 0);
    }

    /**
     * Checks that {@link #write} would accept {@code value}, without writing anything.
     *
     * @throws UnwritableValueException exactly where {@code write} would throw it
     */
    public void check(@Nullable Object value) {
        check(value, 0);
    }

    private void check(@Nullable Object value, int depth) {
        if (depth > maxDepth) {
            throw new UnwritableValueException("value nested deeper than " + maxDepth);
        }
        if (value == null || value instanceof String || value instanceof Boolean
                || (value instanceof Number && isWritableNumber(value)) || value instanceof Character) {
            return;
        }
        if (value instanceof JsonNode node) {
            checkNode(node, depth);
        } else if (value instanceof WireObject w) {
            check(w.toWire(), depth);
        } else if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String)) {
                    throw new UnwritableValueException("map key of type "
                            + (e.getKey() == null ? "null" : e.getKey().getClass().getName()));
                }
                check(e.getValue(), depth + 1);
            }
        } else if (value instanceof List<?> list) {
            if (list instanceof RandomAccess) {
                // by index: no iterator per row (a result has one list per row)
                for (int i = 0, n = list.size(); i < n; i++) {
                    check(list.get(i), depth + 1);
                }
            } else {
                for (Object o : list) {
                    check(o, depth + 1);
                }
            }
        } else {
            throw new UnwritableValueException("value of type " + value.getClass().getName());
        }
    }

    private static boolean isWritableNumber(Object n) {
        return n instanceof Integer || n instanceof Long || n instanceof Double || n instanceof Short
                || n instanceof Byte || n instanceof Float || n instanceof BigDecimal || n instanceof BigInteger;
    }

    private void checkNode(JsonNode node, int depth) {
        switch (node.getNodeType()) {
            case OBJECT -> {
                for (Map.Entry<String, JsonNode> e : node.properties()) {
                    check(e.getValue(), depth + 1);
                }
            }
            case ARRAY -> {
                for (JsonNode e : node) {
                    check(e, depth + 1);
                }
            }
            case STRING, BOOLEAN, NULL, MISSING, NUMBER, BINARY -> {
            }
            case POJO -> check(((POJONode) node).getPojo(), depth);
            default -> throw new UnwritableValueException("node of type " + node.getNodeType());
        }
    }

    private void write(JsonGenerator g, @Nullable Object value, int depth) throws IOException {
        if (depth > maxDepth) {
            throw new UnwritableValueException("value nested deeper than " + maxDepth);
        }
        if (value == null) {
            g.writeNull();
        } else if (value instanceof String s) {
            g.writeString(s);
        } else if (value instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            g.writeNumber(((Number) value).intValue());
        } else if (value instanceof Long l) {
            g.writeNumber(l);
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isFinite(d)) {
                g.writeNumber(d);
            } else {
                g.writeString(Double.toString(d));
            }
        } else if (value instanceof BigDecimal d) {
            g.writeNumber(d);
        } else if (value instanceof BigInteger i) {
            g.writeNumber(i);
        } else if (value instanceof Character c) {
            g.writeString(c.toString());
        } else if (value instanceof JsonNode node) {
            writeNode(g, node, depth);
        } else if (value instanceof WireObject w) {
            write(g, w.toWire(), depth);
        } else if (value instanceof Map<?, ?> map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw new UnwritableValueException("map key of type "
                            + (e.getKey() == null ? "null" : e.getKey().getClass().getName()));
                }
                g.writeFieldName(key);
                write(g, e.getValue(), depth + 1);
            }
            g.writeEndObject();
        } else if (value instanceof List<?> list) {
            g.writeStartArray();
            if (list instanceof RandomAccess) {
                for (int i = 0, n = list.size(); i < n; i++) {
                    write(g, list.get(i), depth + 1);
                }
            } else {
                for (Object o : list) {
                    write(g, o, depth + 1);
                }
            }
            g.writeEndArray();
        } else {
            throw new UnwritableValueException("value of type " + value.getClass().getName());
        }
    }

    private void writeNode(JsonGenerator g, JsonNode node, int depth) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT -> {
                g.writeStartObject();
                for (Map.Entry<String, JsonNode> e : node.properties()) {
                    g.writeFieldName(e.getKey());
                    write(g, e.getValue(), depth + 1);
                }
                g.writeEndObject();
            }
            case ARRAY -> {
                g.writeStartArray();
                for (JsonNode e : node) {
                    write(g, e, depth + 1);
                }
                g.writeEndArray();
            }
            case STRING -> g.writeString(node.textValue());
            case BOOLEAN -> g.writeBoolean(node.booleanValue());
            case NULL, MISSING -> g.writeNull();
            case NUMBER -> {
                if (node.isInt() || node.isShort()) {
                    g.writeNumber(node.intValue());
                } else if (node.isLong()) {
                    g.writeNumber(node.longValue());
                } else if (node.isBigInteger()) {
                    g.writeNumber(node.bigIntegerValue());
                } else if (node.isBigDecimal()) {
                    g.writeNumber(node.decimalValue());
                } else {
                    write(g, node.doubleValue(), depth);
                }
            }
            case BINARY -> g.writeBinary(node.binaryValue());
            case POJO -> write(g, ((POJONode) node).getPojo(), depth);
            default -> throw new UnwritableValueException("node of type " + node.getNodeType());
        }
    }

    /** A value outside the JSON value model. The message names the type, never the value. */
    public static final class UnwritableValueException extends RuntimeException {
        public UnwritableValueException(String what) {
            super("cannot write " + what + " as JSON", null, false, false);
        }
    }
}

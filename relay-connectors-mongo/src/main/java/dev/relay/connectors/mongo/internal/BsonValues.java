package dev.relay.connectors.mongo.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bson.BsonArray;
import org.bson.BsonBinary;
import org.bson.BsonBoolean;
import org.bson.BsonDateTime;
import org.bson.BsonDbPointer;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonJavaScriptWithScope;
import org.bson.BsonNull;
import org.bson.BsonRegularExpression;
import org.bson.BsonString;
import org.bson.BsonTimestamp;
import org.bson.BsonValue;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import org.bson.types.Decimal128;
import org.jspecify.annotations.Nullable;

/**
 * Converts between BSON and the relay's value model (JSON-compatible Java values), following relaxed
 * Extended JSON v2: native JSON types stay native; ObjectId, dates, Decimal128, binary and the other BSON types
 * become the one-key maps Extended JSON uses ({@code {"$oid": "..."}}, {@code {"$date": "ISO"}},
 * {@code {"$numberDecimal": "..."}}). Integers beyond ±2^53 become {@code {"$numberLong": "..."}} so no
 * precision is lost in a JSON double. Non-finite doubles become {@code {"$numberDouble": "NaN"}}.
 *
 * <p>The reverse direction accepts the same forms (relaxed or canonical Extended JSON), so a value read from
 * a result can be used in a filter.
 */
public final class BsonValues {

    static final long MAX_SAFE_INTEGER = (1L << 53);

    private static final JsonWriterSettings CANONICAL = JsonWriterSettings.builder().outputMode(JsonMode.EXTENDED)
            .build();
    private static final DateTimeFormatter ISO_MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'",
            Locale.ROOT).withZone(ZoneOffset.UTC);
    /** Relaxed Extended JSON writes dates in years 1970-9999 as ISO-8601 strings, others as milliseconds. */
    private static final long MAX_ISO_DATE_MILLIS = 253402300799999L;

    private BsonValues() {
    }

    // ---------------------------------------------------------------- value model -> BSON

    /**
     * Converts a filter, projection, sort or pipeline stage given as plain Java values into BSON, interpreting
     * Extended JSON type wrappers ({@code $oid}, {@code $date}, {@code $numberLong}, {@code $numberDecimal},
     * {@code $binary}, {@code $regularExpression}...).
     *
     * @throws IllegalArgumentException when a value is not of the value model or a wrapper is malformed; the
     *     message names no value
     */
    public static BsonDocument toBson(Map<String, ? extends @Nullable Object> document) {
        BsonDocument naive = naiveDocument(document, 0);
        // Round trip through canonical Extended JSON: the JSON reader turns {"$oid": "..."} and friends into the
        // BSON types they denote, and native types keep their exact type in canonical mode.
        try {
            return BsonDocument.parse(naive.toJson(CANONICAL));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("malformed Extended JSON value (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** Converts each stage of a pipeline; see {@link #toBson(Map)}. */
    public static List<BsonDocument> toBson(List<? extends Map<String, ? extends @Nullable Object>> stages) {
        List<BsonDocument> out = new ArrayList<>(stages.size());
        for (Map<String, ? extends @Nullable Object> stage : stages) {
            out.add(toBson(stage));
        }
        return out;
    }

    private static BsonDocument naiveDocument(Map<String, ? extends @Nullable Object> map, int depth) {
        checkDepth(depth);
        BsonDocument doc = new BsonDocument();
        for (Map.Entry<String, ? extends @Nullable Object> e : map.entrySet()) {
            doc.append(e.getKey(), naive(e.getValue(), depth + 1));
        }
        return doc;
    }

    private static BsonValue naive(@Nullable Object value, int depth) {
        if (value == null) {
            return BsonNull.VALUE;
        }
        if (value instanceof String) {
            return new BsonString((String) value);
        }
        if (value instanceof Boolean) {
            return BsonBoolean.valueOf((Boolean) value);
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return new BsonInt32(((Number) value).intValue());
        }
        if (value instanceof Long) {
            long l = (Long) value;
            return l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE ? new BsonInt32((int) l) : new BsonInt64(l);
        }
        if (value instanceof Double || value instanceof Float) {
            return new BsonDouble(((Number) value).doubleValue());
        }
        if (value instanceof BigInteger) {
            BigInteger b = (BigInteger) value;
            if (b.bitLength() < 64) {
                return new BsonInt64(b.longValue());
            }
            return new BsonDecimal128(new Decimal128(new BigDecimal(b)));
        }
        if (value instanceof BigDecimal) {
            return new BsonDecimal128(new Decimal128((BigDecimal) value));
        }
        if (value instanceof Map) {
            @SuppressWarnings("unchecked")
            Map<String, ? extends @Nullable Object> m = (Map<String, ? extends @Nullable Object>) value;
            return naiveDocument(m, depth);
        }
        if (value instanceof List) {
            checkDepth(depth);
            BsonArray array = new BsonArray();
            for (Object item : (List<?>) value) {
                array.add(naive(item, depth + 1));
            }
            return array;
        }
        if (value instanceof BsonValue) {
            return (BsonValue) value;
        }
        throw new IllegalArgumentException("unsupported value type " + value.getClass().getSimpleName());
    }

    private static void checkDepth(int depth) {
        if (depth > 150) {
            throw new IllegalArgumentException("document nested deeper than 150 levels");
        }
    }

    // ---------------------------------------------------------------- BSON -> value model

    /** Converts a document to an insertion-ordered map of value-model values. */
    public static Map<String, @Nullable Object> toValue(BsonDocument document) {
        Map<String, @Nullable Object> out = new LinkedHashMap<>(Math.max(4, document.size() * 2));
        for (Map.Entry<String, BsonValue> e : document.entrySet()) {
            out.put(e.getKey(), toValue(e.getValue()));
        }
        return out;
    }

    /** Converts one BSON value to the value model (relaxed Extended JSON semantics). */
    public static @Nullable Object toValue(BsonValue value) {
        switch (value.getBsonType()) {
            case NULL:
                return null;
            case STRING:
                return value.asString().getValue();
            case BOOLEAN:
                return value.asBoolean().getValue();
            case INT32:
                return value.asInt32().getValue();
            case INT64: {
                long l = value.asInt64().getValue();
                return Math.abs(l) <= MAX_SAFE_INTEGER ? (Object) l : wrap("$numberLong", Long.toString(l));
            }
            case DOUBLE: {
                double d = value.asDouble().getValue();
                if (Double.isNaN(d)) {
                    return wrap("$numberDouble", "NaN");
                }
                if (Double.isInfinite(d)) {
                    return wrap("$numberDouble", d > 0 ? "Infinity" : "-Infinity");
                }
                return d;
            }
            case DOCUMENT:
                return toValue(value.asDocument());
            case ARRAY: {
                BsonArray array = value.asArray();
                List<@Nullable Object> list = new ArrayList<>(array.size());
                for (BsonValue item : array) {
                    list.add(toValue(item));
                }
                return list;
            }
            case OBJECT_ID:
                return wrap("$oid", value.asObjectId().getValue().toHexString());
            case DATE_TIME:
                return date(value.asDateTime());
            case DECIMAL128:
                return wrap("$numberDecimal", value.asDecimal128().getValue().toString());
            case BINARY: {
                BsonBinary bin = value.asBinary();
                Map<String, @Nullable Object> inner = new LinkedHashMap<>();
                inner.put("base64", Base64.getEncoder().encodeToString(bin.getData()));
                inner.put("subType", String.format(Locale.ROOT, "%02x", bin.getType() & 0xff));
                return wrap("$binary", inner);
            }
            case TIMESTAMP: {
                BsonTimestamp ts = value.asTimestamp();
                Map<String, @Nullable Object> inner = new LinkedHashMap<>();
                inner.put("t", Integer.toUnsignedLong(ts.getTime()));
                inner.put("i", Integer.toUnsignedLong(ts.getInc()));
                return wrap("$timestamp", inner);
            }
            case REGULAR_EXPRESSION: {
                BsonRegularExpression re = value.asRegularExpression();
                Map<String, @Nullable Object> inner = new LinkedHashMap<>();
                inner.put("pattern", re.getPattern());
                inner.put("options", re.getOptions());
                return wrap("$regularExpression", inner);
            }
            case JAVASCRIPT:
                return wrap("$code", value.asJavaScript().getCode());
            case JAVASCRIPT_WITH_SCOPE: {
                BsonJavaScriptWithScope js = value.asJavaScriptWithScope();
                Map<String, @Nullable Object> m = new LinkedHashMap<>();
                m.put("$code", js.getCode());
                m.put("$scope", toValue(js.getScope()));
                return m;
            }
            case SYMBOL:
                return wrap("$symbol", value.asSymbol().getSymbol());
            case DB_POINTER: {
                BsonDbPointer p = value.asDBPointer();
                Map<String, @Nullable Object> inner = new LinkedHashMap<>();
                inner.put("$ref", p.getNamespace());
                inner.put("$id", wrap("$oid", p.getId().toHexString()));
                return wrap("$dbPointer", inner);
            }
            case UNDEFINED:
                return wrap("$undefined", true);
            case MIN_KEY:
                return wrap("$minKey", 1);
            case MAX_KEY:
                return wrap("$maxKey", 1);
            default:
                throw new IllegalStateException("unexpected BSON type " + value.getBsonType());
        }
    }

    private static Map<String, @Nullable Object> date(BsonDateTime dt) {
        long millis = dt.getValue();
        if (millis >= 0 && millis <= MAX_ISO_DATE_MILLIS) {
            return wrap("$date", ISO_MILLIS.format(Instant.ofEpochMilli(millis)));
        }
        return wrap("$date", wrap("$numberLong", Long.toString(millis)));
    }

    private static Map<String, @Nullable Object> wrap(String key, @Nullable Object value) {
        Map<String, @Nullable Object> m = new LinkedHashMap<>(2);
        m.put(key, value);
        return m;
    }

    // ---------------------------------------------------------------- size estimate

    /**
     * The length of the value's JSON serialisation, in bytes (UTF-8), computed without serialising. Exact for
     * compact JSON as Jackson writes it, up to number formatting.
     */
    public static long jsonSize(@Nullable Object value) {
        if (value == null) {
            return 4;
        }
        if (value instanceof String) {
            return stringSize((String) value);
        }
        if (value instanceof Boolean) {
            return ((Boolean) value) ? 4 : 5;
        }
        if (value instanceof Number) {
            return value.toString().length();
        }
        if (value instanceof Map) {
            Map<?, ?> m = (Map<?, ?>) value;
            long size = 2 + Math.max(0, m.size() - 1);
            for (Map.Entry<?, ?> e : m.entrySet()) {
                size += stringSize(String.valueOf(e.getKey())) + 1 + jsonSize(e.getValue());
            }
            return size;
        }
        if (value instanceof List) {
            List<?> l = (List<?>) value;
            long size = 2 + Math.max(0, l.size() - 1);
            for (Object item : l) {
                size += jsonSize(item);
            }
            return size;
        }
        return stringSize(value.toString());
    }

    private static long stringSize(String s) {
        long size = 2;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                size += 2;
            } else if (c < 0x20) {
                size += 6;
            } else if (c < 0x80) {
                size += 1;
            } else if (c < 0x800) {
                size += 2;
            } else if (Character.isSurrogate(c)) {
                size += 2; // each half of a pair: 4 bytes for the pair
            } else {
                size += 3;
            }
        }
        return size;
    }

    /** MongoDB's {@code $type} alias of a BSON value ({@code string}, {@code int}, {@code objectId}...). */
    public static String typeAlias(BsonValue value) {
        switch (value.getBsonType()) {
            case DOUBLE: return "double";
            case STRING: return "string";
            case DOCUMENT: return "object";
            case ARRAY: return "array";
            case BINARY: return "binData";
            case UNDEFINED: return "undefined";
            case OBJECT_ID: return "objectId";
            case BOOLEAN: return "bool";
            case DATE_TIME: return "date";
            case NULL: return "null";
            case REGULAR_EXPRESSION: return "regex";
            case DB_POINTER: return "dbPointer";
            case JAVASCRIPT: return "javascript";
            case SYMBOL: return "symbol";
            case JAVASCRIPT_WITH_SCOPE: return "javascriptWithScope";
            case INT32: return "int";
            case TIMESTAMP: return "timestamp";
            case INT64: return "long";
            case DECIMAL128: return "decimal";
            case MIN_KEY: return "minKey";
            case MAX_KEY: return "maxKey";
            default: return value.getBsonType().name().toLowerCase(Locale.ROOT);
        }
    }
}

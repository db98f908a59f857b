package dev.relay.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads the members of one JSON object for the typed params and results, raising
 * {@link InvalidParamsException} with the member's dotted path. Error details describe the
 * expected shape, never the value received. Not API.
 */
final class ParamReader {

    private final JsonNode object;
    private final String prefix;
    private final Set<String> read = new HashSet<>();

    private ParamReader(JsonNode object, String prefix) {
        this.object = object;
        this.prefix = prefix;
    }

    /** A reader over {@code params}, which must be an object. */
    static ParamReader of(@Nullable JsonNode params, String path) {
        if (params == null || params.isNull() || params.isMissingNode()) {
            throw new InvalidParamsException(path, "is required (an object)");
        }
        if (!params.isObject()) {
            throw new InvalidParamsException(path, "must be an object");
        }
        return new ParamReader(params, path.equals("params") ? "" : path + ".");
    }

    String path(String name) {
        return prefix + name;
    }

    boolean has(String name) {
        JsonNode n = object.get(name);
        return n != null && !n.isNull();
    }

    /** The raw member, null when absent or JSON null. */
    @Nullable JsonNode node(String name) {
        read.add(name);
        JsonNode n = object.get(name);
        return n == null || n.isNull() ? null : n;
    }

    String requiredString(String name) {
        String s = optionalString(name);
        if (s == null) {
            throw new InvalidParamsException(path(name), "is required (a string)");
        }
        return s;
    }

    @Nullable String optionalString(String name) {
        JsonNode n = node(name);
        if (n == null) {
            return null;
        }
        if (!n.isTextual()) {
            throw new InvalidParamsException(path(name), "must be a string");
        }
        if (n.textValue().isEmpty()) {
            throw new InvalidParamsException(path(name), "must not be empty");
        }
        return n.textValue();
    }

    /** A string that may be empty (messages, fingerprints). */
    @Nullable String optionalText(String name) {
        JsonNode n = node(name);
        if (n == null) {
            return null;
        }
        if (!n.isTextual()) {
            throw new InvalidParamsException(path(name), "must be a string");
        }
        return n.textValue();
    }

    @Nullable Long optionalLong(String name, long min, long max) {
        JsonNode n = node(name);
        if (n == null) {
            return null;
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong() || n.longValue() < min || n.longValue() > max) {
            throw new InvalidParamsException(path(name), "must be an integer between " + min + " and " + max);
        }
        return n.longValue();
    }

    long requiredLong(String name, long min, long max) {
        Long v = optionalLong(name, min, max);
        if (v == null) {
            throw new InvalidParamsException(path(name), "is required (an integer)");
        }
        return v;
    }

    @Nullable Integer optionalInt(String name, int min, int max) {
        Long v = optionalLong(name, min, max);
        return v == null ? null : v.intValue();
    }

    int requiredInt(String name, int min, int max) {
        return (int) requiredLong(name, min, max);
    }

    boolean requiredBoolean(String name) {
        JsonNode n = node(name);
        if (n == null) {
            throw new InvalidParamsException(path(name), "is required (a boolean)");
        }
        if (!n.isBoolean()) {
            throw new InvalidParamsException(path(name), "must be a boolean");
        }
        return n.booleanValue();
    }

    @Nullable Double optionalDouble(String name) {
        JsonNode n = node(name);
        if (n == null) {
            return null;
        }
        if (!n.isNumber() || !Double.isFinite(n.doubleValue())) {
            throw new InvalidParamsException(path(name), "must be a number");
        }
        return n.doubleValue();
    }

    @Nullable Map<String, @Nullable Object> optionalObject(String name) {
        JsonNode n = node(name);
        if (n == null) {
            return null;
        }
        if (!n.isObject()) {
            throw new InvalidParamsException(path(name), "must be an object");
        }
        return JsonValues.toMap(n);
    }

    @Nullable JsonNode optionalArrayNode(String name) {
        JsonNode n = node(name);
        if (n == null) {
            return null;
        }
        if (!n.isArray()) {
            throw new InvalidParamsException(path(name), "must be an array");
        }
        return n;
    }

    List<String> stringList(String name, boolean required) {
        JsonNode n = optionalArrayNode(name);
        if (n == null) {
            if (required) {
                throw new InvalidParamsException(path(name), "is required (an array of strings)");
            }
            return List.of();
        }
        List<String> out = new ArrayList<>(n.size());
        int i = 0;
        for (JsonNode e : n) {
            if (!e.isTextual()) {
                throw new InvalidParamsException(path(name) + "[" + i + "]", "must be a string");
            }
            out.add(e.textValue());
            i++;
        }
        return List.copyOf(out);
    }

    /** Readers over each element of an array of objects. */
    List<ParamReader> objectList(String name, boolean required) {
        JsonNode n = optionalArrayNode(name);
        if (n == null) {
            if (required) {
                throw new InvalidParamsException(path(name), "is required (an array of objects)");
            }
            return List.of();
        }
        List<ParamReader> out = new ArrayList<>(n.size());
        int i = 0;
        for (JsonNode e : n) {
            out.add(ParamReader.of(e, path(name) + "[" + i + "]"));
            i++;
        }
        return out;
    }

    /** A reader over a nested object member. */
    @Nullable ParamReader optionalNested(String name) {
        JsonNode n = node(name);
        return n == null ? null : ParamReader.of(n, path(name));
    }

    ParamReader requiredNested(String name) {
        JsonNode n = node(name);
        if (n == null) {
            throw new InvalidParamsException(path(name), "is required (an object)");
        }
        return ParamReader.of(n, path(name));
    }

    /** Refuses members not read so far: a misspelt parameter must not be silently ignored. */
    void rejectUnknown() {
        Iterator<String> names = object.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!read.contains(name)) {
                String shown = name.length() > 64 ? name.substring(0, 64) + "..." : name;
                throw new InvalidParamsException(path(shown), "is not a known parameter");
            }
        }
    }

    /** Refuses the named member when present (and not null). */
    void forbid(String name, String why) {
        if (has(name)) {
            throw new InvalidParamsException(path(name), why);
        }
        read.add(name);
    }
}

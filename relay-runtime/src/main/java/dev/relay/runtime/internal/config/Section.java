package dev.relay.runtime.internal.config;

import dev.relay.runtime.Secret;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Typed, strict reading of one mapping of the config file. Every getter names its key; wrong
 * types become problems placed at the value; {@link #finish()} reports every key nobody asked
 * for as unknown (with a suggestion). Every key read is recorded in the shared key set (list
 * indices written {@code []}), which the documentation test compares with docs/configuration.md.
 */
public final class Section {

    private final YNode.YMap map;
    private final String path;
    private final Problems problems;
    private final Set<String> keysSeen;
    private final Set<String> asked = new HashSet<>();

    public Section(YNode.YMap map, String path, Problems problems, Set<String> keysSeen) {
        this.map = map;
        this.path = path;
        this.problems = problems;
        this.keysSeen = keysSeen;
    }

    public String path() {
        return path;
    }

    public YNode.YMap node() {
        return map;
    }

    public Problems problems() {
        return problems;
    }

    public String pathOf(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private @Nullable YNode get(String key) {
        asked.add(key);
        keysSeen.add(pathOf(key).replaceAll("\\[\\d+]", "[]"));
        YNode.Entry e = map.entries().get(key);
        return e == null ? null : e.value();
    }

    public boolean has(String key) {
        YNode.Entry e = map.entries().get(key);
        return e != null && !(e.value() instanceof YNode.YScalar s && s.value() == null);
    }

    private void wrongType(YNode node, String key, String expected) {
        problems.add(node, pathOf(key), "expected " + expected + ", got " + node.describe());
    }

    public @Nullable String optString(String key) {
        YNode n = get(key);
        if (n == null || n instanceof YNode.YScalar s && s.value() == null) {
            return null;
        }
        if (n instanceof YNode.YScalar s && s.value() instanceof String str) {
            return str;
        }
        if (n instanceof YNode.YScalar s && (s.value() instanceof Long || s.value() instanceof Boolean)) {
            return String.valueOf(s.value());
        }
        wrongType(n, key, "a string");
        return null;
    }

    public String string(String key, String defaultValue) {
        String s = optString(key);
        return s == null ? defaultValue : s;
    }

    /** A required string: a problem at the mapping when missing. */
    public String requiredString(String key) {
        boolean present = map.entries().containsKey(key);
        String s = optString(key);
        if (s == null || s.isBlank()) {
            if (!present) {
                problems.add(map, pathOf(key), "required key is missing");
            } else if (s != null || map.entries().get(key).value() instanceof YNode.YScalar sc && sc.value() == null) {
                problems.add(map.entries().get(key).value(), pathOf(key), "must not be empty");
            }
            return "";
        }
        return s;
    }

    public @Nullable Secret optSecret(String key) {
        String s = optString(key);
        return s == null ? null : Secret.of(s);
    }

    public boolean bool(String key, boolean defaultValue) {
        YNode n = get(key);
        if (n == null || n instanceof YNode.YScalar s && s.value() == null) {
            return defaultValue;
        }
        if (n instanceof YNode.YScalar s && s.value() instanceof Boolean b) {
            return b;
        }
        wrongType(n, key, "true or false");
        return defaultValue;
    }

    public long integer(String key, long defaultValue, long min, long max) {
        YNode n = get(key);
        if (n == null || n instanceof YNode.YScalar s && s.value() == null) {
            return defaultValue;
        }
        if (n instanceof YNode.YScalar s && s.value() instanceof Long l) {
            if (l < min || l > max) {
                problems.add(n, pathOf(key), "must be between " + min + " and " + max);
                return defaultValue;
            }
            return l;
        }
        wrongType(n, key, "an integer");
        return defaultValue;
    }

    public Duration duration(String key, Duration defaultValue, Duration min, Duration max) {
        YNode n = get(key);
        if (n == null || n instanceof YNode.YScalar s && s.value() == null) {
            return defaultValue;
        }
        if (n instanceof YNode.YScalar s && s.value() instanceof String str) {
            try {
                Duration d = Units.parseDuration(str);
                if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                    problems.add(n, pathOf(key), "must be between " + Units.formatDuration(min) + " and "
                            + Units.formatDuration(max));
                    return defaultValue;
                }
                return d;
            } catch (IllegalArgumentException e) {
                problems.add(n, pathOf(key), e.getMessage());
                return defaultValue;
            }
        }
        wrongType(n, key, "a duration such as 500ms, 30s or 5m");
        return defaultValue;
    }

    public long size(String key, long defaultValue, long min, long max) {
        YNode n = get(key);
        if (n == null || n instanceof YNode.YScalar s && s.value() == null) {
            return defaultValue;
        }
        if (n instanceof YNode.YScalar s && (s.value() instanceof String || s.value() instanceof Long)) {
            try {
                long v = Units.parseSize(String.valueOf(s.value()));
                if (v < min || v > max) {
                    problems.add(n, pathOf(key), "must be between " + Units.formatSize(min) + " and "
                            + Units.formatSize(max));
                    return defaultValue;
                }
                return v;
            } catch (IllegalArgumentException e) {
                problems.add(n, pathOf(key), e.getMessage());
                return defaultValue;
            }
        }
        wrongType(n, key, "a size such as 512KiB or 16MiB");
        return defaultValue;
    }

    /** A list of strings; null when absent. */
    public @Nullable List<String> optStrings(String key) {
        YNode n = get(key);
        if (n == null || n instanceof YNode.YScalar s && s.value() == null) {
            return null;
        }
        if (!(n instanceof YNode.YList list)) {
            wrongType(n, key, "a list of strings");
            return null;
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < list.items().size(); i++) {
            YNode item = list.items().get(i);
            if (item instanceof YNode.YScalar s && s.value() instanceof String str) {
                out.add(str);
            } else {
                problems.add(item, pathOf(key) + "[" + i + "]", "expected a string, got " + item.describe());
            }
        }
        return out;
    }

    /** A nested mapping, or null when absent (a problem when present but not a mapping). */
    public @Nullable Section section(String key) {
        YNode n = get(key);
        if (n == null || n instanceof YNode.YScalar s && s.value() == null) {
            return null;
        }
        if (n instanceof YNode.YMap m) {
            return new Section(m, pathOf(key), problems, keysSeen);
        }
        wrongType(n, key, "a mapping");
        return null;
    }

    /** A nested mapping, or an empty one when absent, so defaults apply uniformly. */
    public Section sectionOrEmpty(String key) {
        Section s = section(key);
        if (s != null) {
            return s;
        }
        return new Section(new YNode.YMap(Map.of(), map.line(), map.column()), pathOf(key), problems, keysSeen);
    }

    /** A list of mappings (e.g. {@code resources}). */
    public List<Section> sections(String key) {
        YNode n = get(key);
        if (n == null || n instanceof YNode.YScalar s && s.value() == null) {
            return List.of();
        }
        if (!(n instanceof YNode.YList list)) {
            wrongType(n, key, "a list");
            return List.of();
        }
        List<Section> out = new ArrayList<>();
        for (int i = 0; i < list.items().size(); i++) {
            YNode item = list.items().get(i);
            String p = pathOf(key) + "[" + i + "]";
            if (item instanceof YNode.YMap m) {
                out.add(new Section(m, p, problems, keysSeen));
            } else {
                problems.add(item, p, "expected a mapping, got " + item.describe());
            }
        }
        return out;
    }

    /**
     * A free-form mapping handed to another module ({@code masking}, {@code audit}, a connector's
     * {@code connection}) as plain Java values; that module validates it. Empty when absent.
     */
    public Map<String, Object> rawMap(String key) {
        YNode n = get(key);
        if (n == null || n instanceof YNode.YScalar s && s.value() == null) {
            return Map.of();
        }
        if (!(n instanceof YNode.YMap m)) {
            wrongType(n, key, "a mapping");
            return Map.of();
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> plain = (Map<String, Object>) toPlain(m);
        return plain;
    }

    /** The node at {@code key}, if any (for placing problems reported by other modules). */
    public @Nullable YNode nodeAt(String key) {
        YNode.Entry e = map.entries().get(key);
        return e == null ? null : e.value();
    }

    /** Converts a subtree to plain Java values: Map (insertion-ordered), List, String, Long→Integer when it fits, ... */
    public static @Nullable Object toPlain(YNode node) {
        if (node instanceof YNode.YMap m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (YNode.Entry e : m.entries().values()) {
                out.put(e.key(), toPlain(e.value()));
            }
            return out;
        }
        if (node instanceof YNode.YList l) {
            List<Object> out = new ArrayList<>();
            for (YNode item : l.items()) {
                out.add(toPlain(item));
            }
            return out;
        }
        Object v = ((YNode.YScalar) node).value();
        if (v instanceof Long l && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
            return l.intValue();
        }
        return v;
    }

    /** Reports every key of this mapping that no getter asked for. */
    public void finish() {
        for (YNode.Entry e : map.entries().values()) {
            if (!asked.contains(e.key())) {
                String hint = suggest(e.key());
                problems.add(e.line(), e.column(), pathOf(e.key()),
                        "unknown key" + (hint == null ? "" : " (did you mean '" + hint + "'?)"));
            }
        }
    }

    private @Nullable String suggest(String key) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : asked) {
            int d = distance(key.toLowerCase(java.util.Locale.ROOT), candidate.toLowerCase(java.util.Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        return bestDistance <= Math.max(2, key.length() / 3) ? best : null;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /**
     * Finds the node a dotted key path relative to {@code base} points at ({@code custom[0].regex}),
     * for placing problems reported by other modules; falls back to the deepest node found.
     */
    public static YNode locate(YNode base, String relativePath) {
        YNode cur = base;
        for (String part : relativePath.split("\\.")) {
            if (part.isEmpty()) {
                continue;
            }
            String name = part;
            List<Integer> indices = new ArrayList<>();
            int b = part.indexOf('[');
            if (b >= 0) {
                name = part.substring(0, b);
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\[(\\d+)]").matcher(part.substring(b));
                while (m.find()) {
                    indices.add(Integer.parseInt(m.group(1)));
                }
            }
            if (!name.isEmpty()) {
                if (!(cur instanceof YNode.YMap map) || !map.entries().containsKey(name)) {
                    return cur;
                }
                cur = map.entries().get(name).value();
            }
            for (int idx : indices) {
                if (!(cur instanceof YNode.YList list) || idx >= list.items().size()) {
                    return cur;
                }
                cur = list.items().get(idx);
            }
        }
        return cur;
    }
}

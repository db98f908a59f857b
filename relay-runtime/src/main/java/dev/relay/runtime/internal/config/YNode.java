package dev.relay.runtime.internal.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The configuration file as a tree that remembers where each node was written (1-based line and
 * column), after {@code ${...}} substitution. Scalars hold {@code null}, {@link Boolean},
 * {@link Long}, {@link Double} or {@link String}. {@code toString()} never prints a scalar's value.
 */
public sealed interface YNode permits YNode.YMap, YNode.YList, YNode.YScalar {

    int line();

    int column();

    /** What kind of value this is, for error messages ("a mapping", "a list", "a string"...). */
    String describe();

    /** A mapping; keys keep their order and their own positions. */
    record YMap(Map<String, Entry> entries, int line, int column) implements YNode {
        public YMap {
            entries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }

        @Override
        public String describe() {
            return "a mapping";
        }
    }

    /** One key of a mapping with the position of the key itself. */
    record Entry(String key, int line, int column, YNode value) {
    }

    record YList(List<YNode> items, int line, int column) implements YNode {
        public YList {
            items = List.copyOf(items);
        }

        @Override
        public String describe() {
            return "a list";
        }
    }

    record YScalar(@Nullable Object value, int line, int column) implements YNode {
        @Override
        public String describe() {
            if (value == null) {
                return "null";
            }
            if (value instanceof Boolean) {
                return "a boolean";
            }
            if (value instanceof Long) {
                return "an integer";
            }
            if (value instanceof Double) {
                return "a number";
            }
            return "a string";
        }

        @Override
        public String toString() {
            return "YScalar[" + describe() + " at " + line + ":" + column + "]";
        }
    }
}

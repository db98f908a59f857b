package dev.relay.masking;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The validated, immutable {@code masking:} configuration. Build it with {@link #fromMap(Map)} (the
 * YAML section as plain maps and lists) or {@link #builder()}; both check everything and report
 * all problems at once in a {@link MaskingConfigException}. Then {@link Masker#create(MaskingConfig)}.
 *
 * <pre>{@code
 * masking:
 *   hashKey: ${MASKING_KEY}            # required when any strategy is hash; >= 16 bytes
 *   detectors:                         # every built-in is on by default
 *     phone: false                     # switch one off
 *     email: {strategy: hash}
 *     credit_card: {strategy: partial, keep: 4}
 *   custom:
 *     - {name: employee_id, regex: "EMP-[0-9]{6}", replacement: "EMP-******"}
 *   columns:
 *     - {resource: main-pg, table: public.users, column: full_name}
 *     - {column: tax_id, type: cpf, strategy: hash}
 * }</pre>
 */
public final class MaskingConfig {

    /** Default number of characters the {@code partial} strategy keeps. */
    public static final int DEFAULT_KEEP = 4;
    /** Minimum length of {@code hashKey}, in bytes. */
    public static final int MIN_HASH_KEY_BYTES = 16;

    private static final Set<String> TOP_KEYS = Set.of("detectors", "custom", "columns", "hashKey");

    private final Set<PiiType> enabled;
    private final Map<PiiType, MaskStrategy> strategies;
    private final List<CustomPattern> custom;
    private final List<ColumnRule> columns;
    private final @Nullable Secret hashKey;

    private MaskingConfig(Builder b) {
        this.enabled = Collections.unmodifiableSet(EnumSet.copyOf(b.enabled.isEmpty() ? EnumSet.noneOf(PiiType.class) : b.enabled));
        this.strategies = Collections.unmodifiableMap(new EnumMap<>(b.strategies));
        this.custom = List.copyOf(b.custom);
        this.columns = List.copyOf(b.columns);
        this.hashKey = b.hashKey;
    }

    /** Every built-in on, {@code redact} everywhere, no custom patterns, no column rules. */
    public static MaskingConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The built-ins switched on. */
    public Set<PiiType> enabled() {
        return enabled;
    }

    /** The strategy of a built-in ({@code redact} unless configured). */
    public MaskStrategy strategy(PiiType type) {
        return strategies.getOrDefault(type, MaskStrategy.redact());
    }

    public List<CustomPattern> custom() {
        return custom;
    }

    public List<ColumnRule> columns() {
        return columns;
    }

    public @Nullable Secret hashKey() {
        return hashKey;
    }

    @Override
    public String toString() {
        return "MaskingConfig[enabled=" + enabled + ", strategies=" + strategies + ", custom=" + custom
                + ", columns=" + columns + ", hashKey=" + (hashKey == null ? "none" : "***") + "]";
    }

    /**
     * A custom pattern: a regular expression in RE2 syntax (linear time: no backreferences, no
     * lookaround), run on the RE2/J engine so no pattern can hang the relay.
     */
    public static final class CustomPattern {
        private final String name;
        private final String regex;
        private final @Nullable String replacement;
        private final @Nullable MaskStrategy strategy;
        private final Pattern compiled;

        CustomPattern(String name, String regex, @Nullable String replacement, @Nullable MaskStrategy strategy, Pattern compiled) {
            this.name = name;
            this.regex = regex;
            this.replacement = replacement;
            this.strategy = strategy;
            this.compiled = compiled;
        }

        /** The name, also the type in statistics and in {@code hash} pseudonyms. */
        public String name() {
            return name;
        }

        public String regex() {
            return regex;
        }

        /** Literal replacement text (default {@code ***}); unused when a strategy is set. */
        public @Nullable String replacement() {
            return replacement;
        }

        /** {@code partial} or {@code hash} instead of the literal replacement, or null. */
        public @Nullable MaskStrategy strategy() {
            return strategy;
        }

        Pattern compiled() {
            return compiled;
        }

        @Override
        public String toString() {
            return "CustomPattern[" + name + "]";
        }
    }

    /**
     * A column rule: a value at {@code column} (a column name or dotted field path, compared
     * case-insensitively) of {@code table} in {@code resource} is masked whole, whatever it looks
     * like. A null resource or table matches any; a rule that names a table also applies when the
     * table of the value is unknown (a join), so an unknown table never lets a value through.
     * An unqualified table name matches it in any schema.
     *
     * @param type the type whose mask and strategy apply, or null for the generic mask {@code ***}
     * @param strategy the strategy, or null for the type's strategy ({@code redact} without a type)
     */
    public record ColumnRule(@Nullable String resource, @Nullable String table, String column,
                             @Nullable String type, @Nullable MaskStrategy strategy) {
    }

    /** Builds and validates a {@link MaskingConfig}. */
    public static final class Builder {
        private final EnumSet<PiiType> enabled = EnumSet.allOf(PiiType.class);
        private final EnumMap<PiiType, MaskStrategy> strategies = new EnumMap<>(PiiType.class);
        private final List<CustomPattern> custom = new ArrayList<>();
        private final List<ColumnRule> columns = new ArrayList<>();
        private final List<String> problems = new ArrayList<>();
        private final List<String> customPaths = new ArrayList<>();
        private final List<String> columnPaths = new ArrayList<>();
        private final Map<String, String> strategyPaths = new LinkedHashMap<>();
        private @Nullable Secret hashKey;

        private Builder() {
        }

        public Builder enable(PiiType type, boolean on) {
            if (on) {
                enabled.add(type);
            } else {
                enabled.remove(type);
            }
            return this;
        }

        public Builder disable(PiiType... types) {
            for (PiiType t : types) {
                enabled.remove(t);
            }
            return this;
        }

        public Builder strategy(PiiType type, MaskStrategy strategy) {
            strategies.put(type, strategy);
            strategyPaths.put("detectors." + type.id() + ".strategy", strategy.name());
            return this;
        }

        public Builder hashKey(@Nullable Secret key) {
            this.hashKey = key;
            return this;
        }

        /** Adds a custom pattern replaced by {@code replacement} (null: {@code ***}). */
        public Builder custom(String name, String regex, @Nullable String replacement) {
            return addCustom(name, regex, replacement, null, "custom[" + customPaths.size() + "]");
        }

        /** Adds a custom pattern masked with {@code strategy}. */
        public Builder custom(String name, String regex, MaskStrategy strategy) {
            return addCustom(name, regex, null, strategy, "custom[" + customPaths.size() + "]");
        }

        public Builder column(ColumnRule rule) {
            String path = "columns[" + columnPaths.size() + "]";
            columnPaths.add(path);
            if (rule.column().isBlank()) {
                problems.add(path + ".column: must not be empty");
            }
            if (rule.type() != null && PiiType.byId(rule.type()) == null && !isCustomName(rule.type())) {
                problems.add(path + ".type: unknown type '" + rule.type() + "' (expected one of " + typeIds() + ")");
            }
            checkStrategy(path + ".strategy", rule.strategy());
            columns.add(rule);
            return this;
        }

        private boolean isCustomName(String name) {
            for (CustomPattern c : custom) {
                if (c.name().equals(name)) {
                    return true;
                }
            }
            return false;
        }

        private Builder addCustom(String name, String regex, @Nullable String replacement, @Nullable MaskStrategy strategy, String path) {
            customPaths.add(path);
            boolean ok = true;
            if (name.isBlank() || !name.matches("[A-Za-z][A-Za-z0-9_.-]{0,63}")) {
                problems.add(path + ".name: must start with a letter and hold only letters, digits, '_', '.', '-' (at most 64)");
                ok = false;
            } else if (PiiType.byId(name) != null || "column".equals(name)) {
                problems.add(path + ".name: '" + name + "' is the name of a built-in type");
                ok = false;
            } else if (isCustomName(name)) {
                problems.add(path + ".name: duplicate name '" + name + "'");
                ok = false;
            }
            Pattern compiled = null;
            if (regex.isEmpty()) {
                problems.add(path + ".regex: must not be empty");
            } else {
                try {
                    compiled = Pattern.compile(regex);
                    if (compiled.matcher("").matches()) {
                        problems.add(path + ".regex: matches the empty string");
                        compiled = null;
                    }
                } catch (PatternSyntaxException e) {
                    problems.add(path + ".regex: invalid regular expression (" + e.getDescription()
                            + "; RE2 syntax: no backreferences or lookaround)");
                }
            }
            checkStrategy(path + ".strategy", strategy);
            if (ok && compiled != null) {
                custom.add(new CustomPattern(name, regex, replacement, strategy, compiled));
            }
            return this;
        }

        private void checkStrategy(String path, @Nullable MaskStrategy strategy) {
            if (strategy instanceof MaskStrategy.Partial p && (p.keep() < 0 || p.keep() > 64)) {
                problems.add(path.replace(".strategy", ".keep") + ": must be between 0 and 64");
            }
            if (strategy instanceof MaskStrategy.Hash) {
                strategyPaths.put(path, "hash");
            }
        }

        private void problem(String p) {
            problems.add(p);
        }

        /** Validates and freezes. */
        public MaskingConfig build() {
            List<String> all = new ArrayList<>(problems);
            strategies.forEach((t, s) -> {
                if (s instanceof MaskStrategy.Partial p && (p.keep() < 0 || p.keep() > 64)) {
                    all.add("detectors." + t.id() + ".keep: must be between 0 and 64");
                }
                if (s instanceof MaskStrategy.Partial && t == PiiType.PRIVATE_KEY) {
                    all.add("detectors.private_key.strategy: partial is not allowed (any part of a private key is key"
                            + " material); use redact or hash");
                }
            });
            if (hashKey == null) {
                for (Map.Entry<String, String> e : strategyPaths.entrySet()) {
                    if (e.getValue().equals("hash") && usesHash(e.getKey())) {
                        all.add("hashKey: required because " + e.getKey() + " is hash (an unkeyed hash of a CPF or"
                                + " a phone number is reversed by enumeration)");
                        break;
                    }
                }
            } else if (hashKey.length() < MIN_HASH_KEY_BYTES) {
                all.add("hashKey: must be at least " + MIN_HASH_KEY_BYTES + " bytes");
            }
            if (!all.isEmpty()) {
                throw new MaskingConfigException(all);
            }
            return new MaskingConfig(this);
        }

        private boolean usesHash(String path) {
            if (path.startsWith("detectors.")) {
                String id = path.substring("detectors.".length(), path.length() - ".strategy".length());
                PiiType t = PiiType.byId(id);
                return t != null && strategies.get(t) instanceof MaskStrategy.Hash;
            }
            return true;
        }
    }

    // ---------------------------------------------------------------- fromMap

    /**
     * Reads the {@code masking:} section as loaded from YAML (maps, lists, strings, booleans and
     * integers). Unknown keys are rejected; all problems are reported together.
     *
     * @throws MaskingConfigException listing every problem with its key path
     */
    public static MaskingConfig fromMap(@Nullable Map<String, ?> section) {
        Builder b = builder();
        if (section == null) {
            return b.build();
        }
        for (String key : section.keySet()) {
            if (!TOP_KEYS.contains(key)) {
                b.problem(key + ": unknown key (expected one of " + String.join(", ", sorted(TOP_KEYS)) + ")");
            }
        }
        Object key = section.get("hashKey");
        if (key instanceof Secret s) {
            b.hashKey(s);
        } else if (key instanceof String s) {
            b.hashKey(Secret.of(s));
        } else if (key != null) {
            b.problem("hashKey: must be a string");
        }
        readDetectors(b, section.get("detectors"));
        readCustom(b, section.get("custom"));
        readColumns(b, section.get("columns"));
        return b.build();
    }

    private static void readDetectors(Builder b, @Nullable Object value) {
        if (value == null) {
            return;
        }
        if (!(value instanceof Map<?, ?> map)) {
            b.problem("detectors: must be a map of type to true, false or {enabled, strategy, keep}");
            return;
        }
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String id = String.valueOf(e.getKey());
            String path = "detectors." + id;
            PiiType type = PiiType.byId(id);
            if (type == null) {
                b.problem(path + ": unknown detector (expected one of " + typeIds() + ")");
                continue;
            }
            Object v = e.getValue();
            if (v instanceof Boolean on) {
                b.enable(type, on);
            } else if (v instanceof Map<?, ?> m) {
                checkKeys(b, path, m, Set.of("enabled", "strategy", "keep"));
                Object en = m.get("enabled");
                if (en instanceof Boolean on) {
                    b.enable(type, on);
                } else if (en != null) {
                    b.problem(path + ".enabled: must be true or false");
                }
                MaskStrategy s = readStrategy(b, path, m);
                if (s != null) {
                    b.strategy(type, s);
                }
            } else {
                b.problem(path + ": must be true, false or a map {enabled, strategy, keep}");
            }
        }
    }

    private static void readCustom(Builder b, @Nullable Object value) {
        if (value == null) {
            return;
        }
        if (!(value instanceof List<?> list)) {
            b.problem("custom: must be a list of {name, regex, replacement | strategy}");
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            String path = "custom[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> m)) {
                b.problem(path + ": must be a map {name, regex, replacement | strategy}");
                b.customPaths.add(path);
                continue;
            }
            checkKeys(b, path, m, Set.of("name", "regex", "replacement", "strategy", "keep"));
            String name = requireString(b, path + ".name", m.get("name"));
            String regex = requireString(b, path + ".regex", m.get("regex"));
            Object repl = m.get("replacement");
            if (repl != null && !(repl instanceof String)) {
                b.problem(path + ".replacement: must be a string");
                repl = null;
            }
            MaskStrategy s = readStrategy(b, path, m);
            if (s instanceof MaskStrategy.Redact) {
                s = null;
            }
            if (s != null && repl != null) {
                b.problem(path + ": give either replacement or strategy, not both");
            }
            if (name == null || regex == null) {
                b.customPaths.add(path);
                continue;
            }
            b.addCustom(name, regex, (String) repl, s, path);
        }
    }

    private static void readColumns(Builder b, @Nullable Object value) {
        if (value == null) {
            return;
        }
        if (!(value instanceof List<?> list)) {
            b.problem("columns: must be a list of {resource, table, column, type, strategy}");
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            String path = "columns[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> m)) {
                b.problem(path + ": must be a map {resource, table, column, type, strategy}");
                b.columnPaths.add(path);
                continue;
            }
            checkKeys(b, path, m, Set.of("resource", "table", "column", "field", "type", "strategy", "keep"));
            String resource = optionalString(b, path + ".resource", m.get("resource"));
            String table = optionalString(b, path + ".table", m.get("table"));
            Object col = m.get("column") != null ? m.get("column") : m.get("field");
            String column = requireString(b, path + ".column", col);
            String type = optionalString(b, path + ".type", m.get("type"));
            MaskStrategy s = readStrategy(b, path, m);
            if (column == null) {
                b.columnPaths.add(path);
                continue;
            }
            b.column(new ColumnRule(resource, table, column, type, s));
        }
    }

    private static @Nullable MaskStrategy readStrategy(Builder b, String path, Map<?, ?> m) {
        Object s = m.get("strategy");
        Object keep = m.get("keep");
        int n = DEFAULT_KEEP;
        if (keep != null) {
            if (keep instanceof Integer k) {
                n = k;
            } else if (keep instanceof Long k && k >= Integer.MIN_VALUE && k <= Integer.MAX_VALUE) {
                n = k.intValue();
            } else {
                b.problem(path + ".keep: must be an integer");
            }
        }
        if (s == null) {
            if (keep != null) {
                b.problem(path + ".keep: only meaningful with strategy: partial");
            }
            return null;
        }
        switch (String.valueOf(s).toLowerCase(Locale.ROOT)) {
            case "redact":
                return MaskStrategy.redact();
            case "partial":
                if (n < 0 || n > 64) {
                    b.problem(path + ".keep: must be between 0 and 64");
                    return null;
                }
                return MaskStrategy.partial(n);
            case "hash":
                return MaskStrategy.hash();
            default:
                b.problem(path + ".strategy: unknown strategy '" + s + "' (expected redact, partial or hash)");
                return null;
        }
    }

    private static void checkKeys(Builder b, String path, Map<?, ?> m, Set<String> allowed) {
        for (Object k : m.keySet()) {
            if (!allowed.contains(String.valueOf(k))) {
                b.problem(path + "." + k + ": unknown key (expected one of " + String.join(", ", sorted(allowed)) + ")");
            }
        }
    }

    private static @Nullable String requireString(Builder b, String path, @Nullable Object v) {
        if (v == null) {
            b.problem(path + ": required");
            return null;
        }
        if (!(v instanceof String s)) {
            b.problem(path + ": must be a string");
            return null;
        }
        return s;
    }

    private static @Nullable String optionalString(Builder b, String path, @Nullable Object v) {
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s)) {
            b.problem(path + ": must be a string");
            return null;
        }
        return s;
    }

    private static String typeIds() {
        StringBuilder sb = new StringBuilder();
        for (PiiType t : PiiType.values()) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(t.id());
        }
        return sb.toString();
    }

    private static List<String> sorted(Set<String> s) {
        List<String> l = new ArrayList<>(s);
        Collections.sort(l);
        return l;
    }
}

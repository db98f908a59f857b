package dev.relay.masking;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.re2j.Matcher;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import org.jspecify.annotations.Nullable;

/**
 * Start here: masks personal data in strings, JSON-compatible Java values and Jackson trees.
 *
 * <pre>{@code
 * Masker masker = Masker.defaults();
 * masker.mask("call +55 11 98765-4321 or mail ana@example.com");
 * // -> "call +** ** *****-**** or mail ***@***.***"
 * }</pre>
 *
 * <p>Immutable and thread-safe; build one per configuration and share it. Every method fails
 * closed: if masking cannot complete, a {@link MaskingException} (with no data in its message) is
 * thrown and nothing partially masked is returned. A value in which nothing was found is returned
 * as the same instance, so masking clean data allocates nothing. The masker never logs.
 */
public final class Masker {
    private static final int MAX_DEPTH = 512;
    /** {@code PiiType.values()} once: the call clones the array, and a flush runs once per masked value. */
    private static final PiiType[] PII_TYPES = PiiType.values();
    private static final int TYPES = PII_TYPES.length;

    private final MaskingConfig config;
    private final Renderer renderer;
    private final TextScanner scanner;
    private final MaskingConfig.CustomPattern[] custom;
    private final ColumnRules rules;
    private final boolean jackson;
    /** A value under a field or column named like a secret key is masked whole (secret_assignment on). */
    private final boolean secretFields;

    private Masker(MaskingConfig config) {
        this.config = config;
        this.renderer = new Renderer(config);
        this.scanner = new TextScanner(config, renderer);
        this.custom = config.custom().toArray(new MaskingConfig.CustomPattern[0]);
        this.rules = new ColumnRules(config.columns());
        this.jackson = jacksonPresent();
        this.secretFields = config.enabled().contains(PiiType.SECRET_ASSIGNMENT);
    }

    /** Every built-in detector on, {@code redact} strategy, no custom patterns or column rules. */
    public static Masker defaults() {
        return new Masker(MaskingConfig.defaults());
    }

    public static Masker create(MaskingConfig config) {
        return new Masker(config);
    }

    public static Builder builder() {
        return new Builder();
    }

    public MaskingConfig config() {
        return config;
    }

    /** Masks every detected value in {@code text}; returns {@code text} itself when nothing matched. */
    public String mask(String text) {
        try {
            return maskString(text, null);
        } catch (MaskingException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            throw failure(e);
        }
    }

    /** As {@link #mask(String)}, counting into {@code stats}. */
    public String mask(String text, MaskStats stats) {
        Object r = maskValue(text, MaskScope.NONE, stats);
        return (String) r;
    }

    /**
     * Masks a JSON-compatible Java value (null, Boolean, Integer, Long, Double, String, List, Map
     * with String keys; also BigInteger, BigDecimal and Jackson {@code JsonNode}), descending into
     * lists and maps; map keys extend {@code scope}'s path for column rules. A {@code Long} whose
     * digits form a valid CPF, CNPJ or card becomes the masked string. Returns {@code value} itself
     * when nothing was masked; otherwise copies only the maps and lists on the way to a change.
     *
     * @throws MaskingException if anything goes wrong (fails closed); the message holds no data
     */
    public @Nullable Object maskValue(@Nullable Object value, MaskScope scope, MaskStats stats) {
        Walk w = new Walk(stats);
        try {
            Object r = w.value(value, scope, 0, scope.path());
            w.flush();
            return r;
        } catch (MaskingException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError | LinkageError e) {
            throw failure(e);
        }
    }

    /**
     * Masks a table of rows, cell by cell, exactly as {@link #maskValue} masks each cell under the
     * scope of its column: cell {@code i} of every row under {@code columnScopes.get(i)}, a cell
     * beyond the last scope under {@code otherScope}. One traversal for the whole table, so no
     * per-cell bookkeeping is allocated; the counts reach {@code stats} only once every cell is
     * masked.
     *
     * <p>Returns {@code rows} itself when nothing was masked. Otherwise returns a new unmodifiable
     * list in which every row that held nothing to mask is the same instance as in {@code rows}
     * and every other row is a new unmodifiable list.
     *
     * @throws MaskingException if any cell cannot be masked (fails closed: nothing is returned,
     *     {@code stats} is left untouched); the message holds no data
     */
    public List<List<@Nullable Object>> maskRows(List<List<@Nullable Object>> rows,
            List<MaskScope> columnScopes, MaskScope otherScope, MaskStats stats) {
        Walk w = new Walk(stats);
        try {
            MaskScope[] scopes = columnScopes.toArray(new MaskScope[0]);
            @Nullable String[] fields = new String[scopes.length];
            int[] kinds = new int[scopes.length];
            for (int i = 0; i < scopes.length; i++) {
                String field = scopes[i].path();
                fields[i] = field;
                kinds[i] = field == null || !secretFields ? 0 : TextScanner.secretFieldKind(field);
            }
            List<List<@Nullable Object>> all = rows instanceof RandomAccess ? rows : new ArrayList<>(rows);
            List<List<@Nullable Object>> copy = null;
            int n = all.size();
            for (int r = 0; r < n; r++) {
                List<@Nullable Object> row = all.get(r);
                List<@Nullable Object> masked = w.row(row, scopes, fields, kinds, otherScope);
                if (masked != row && copy == null) {
                    copy = new ArrayList<>(n);
                    copy.addAll(all.subList(0, r));
                }
                if (copy != null) {
                    copy.add(masked);
                }
            }
            w.flush();
            return copy == null ? rows : Collections.unmodifiableList(copy);
        } catch (MaskingException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError | LinkageError e) {
            throw failure(e);
        }
    }

    /** Masks a Jackson tree; returns {@code node} itself when nothing was masked. */
    public JsonNode maskJson(JsonNode node, MaskStats stats) {
        return maskJson(node, MaskScope.NONE, stats);
    }

    /** Masks a Jackson tree under {@code scope} (for column rules). */
    public JsonNode maskJson(JsonNode node, MaskScope scope, MaskStats stats) {
        Walk w = new Walk(stats);
        try {
            JsonNode r = JsonMasking.mask(w, node, scope, 0, scope.path());
            w.flush();
            return r;
        } catch (MaskingException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError | LinkageError e) {
            throw failure(e);
        }
    }

    /**
     * Masks the text of an error message before it leaves the relay: every detector, plus the
     * values databases quote in their messages ({@code '...'} literals, {@code Key (col)=(value)},
     * {@code : "value"}, Mongo's {@code dup key: { ... }}). Never throws: if masking fails, a fixed
     * text replaces the whole message.
     */
    public String maskMessage(String message) {
        try {
            return MessageMasking.mask(maskString(message, null));
        } catch (RuntimeException | StackOverflowError e) {
            return "[message withheld: masking failed]";
        }
    }

    private static MaskingException failure(Throwable e) {
        if (e instanceof StackOverflowError) {
            return new MaskingException("masking failed: value nested too deeply");
        }
        return new MaskingException("masking failed: " + e.getClass().getName());
    }

    String maskString(String s, int @Nullable [] counts) {
        String r = scanner.mask(s, counts);
        if (custom.length == 0) {
            return r;
        }
        for (int c = 0; c < custom.length; c++) {
            r = applyCustom(custom[c], c, r, counts);
        }
        return r;
    }

    private String applyCustom(MaskingConfig.CustomPattern p, int index, String s, int @Nullable [] counts) {
        Matcher m = p.compiled().matcher(s);
        if (!m.find()) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        int last = 0;
        int found = 0;
        do {
            int start = m.start();
            int end = m.end();
            if (end == start) {
                continue;
            }
            out.append(s, last, start);
            MaskStrategy st = p.strategy();
            if (st instanceof MaskStrategy.Partial part) {
                Renderer.partial(s, start, end, part.keep(), out);
            } else if (st instanceof MaskStrategy.Hash) {
                renderer.hash(p.name(), s.substring(start, end), out);
            } else {
                String repl = p.replacement();
                out.append(repl == null ? "***" : repl);
            }
            last = end;
            found++;
        } while (m.find());
        if (found == 0) {
            return s;
        }
        out.append(s, last, s.length());
        if (counts != null) {
            counts[TYPES + index] += found;
        }
        return out.toString();
    }

    private static boolean jacksonPresent() {
        try {
            Class.forName("com.fasterxml.jackson.databind.JsonNode", false, Masker.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** One traversal: counters of this call, flushed into the caller's stats at the end. */
    final class Walk {
        private final MaskStats stats;
        private final int[] counts;
        private int fields;
        private @Nullable String lastField;
        private int lastFieldKind;

        Walk(MaskStats stats) {
            this.stats = stats;
            this.counts = new int[TYPES + custom.length];
        }

        void flush() {
            if (fields > 0) {
                stats.fieldsMasked(fields);
            }
            for (int k = 0; k < counts.length; k++) {
                if (counts[k] > 0) {
                    stats.count(k < TYPES ? PII_TYPES[k].id() : custom[k - TYPES].name(), counts[k]);
                }
            }
        }

        void checkDepth(int depth) {
            if (depth > MAX_DEPTH) {
                throw new MaskingException("masking failed: value nested deeper than " + MAX_DEPTH + " levels");
            }
        }

        MaskingConfig.@Nullable ColumnRule rule(MaskScope scope) {
            return rules.isEmpty() ? null : rules.match(scope);
        }

        MaskScope child(MaskScope scope, String key) {
            return rules.isEmpty() ? scope : scope.child(key);
        }

        String string(String s) {
            String r = maskString(s, counts);
            if (r != s) {
                fields++;
            }
            return r;
        }

        /**
         * The whole value masked as {@code secret_assignment} when {@code field} (the map key or
         * column holding it) is named like a secret key ({@code password}, {@code api_token},
         * {@code clientSecret}) and the value holds something; else null.
         */
        @Nullable String secretField(@Nullable String field, String text) {
            if (!secretFields || field == null) {
                return null;
            }
            int kind = fieldKind(field);
            if (kind == 0 || !TextScanner.holdsSecret(text, kind)) {
                return null;
            }
            StringBuilder out = new StringBuilder(16);
            renderer.render(PiiType.SECRET_ASSIGNMENT, text, 0, text.length(), out);
            counts[PiiType.SECRET_ASSIGNMENT.ordinal()]++;
            fields++;
            return out.toString();
        }

        /**
         * {@link TextScanner#secretFieldKind} of {@code field}, remembered for the last field seen:
         * the cells of one column (and the same key in a list of maps) pass the same instance.
         */
        int fieldKind(String field) {
            if (field != lastField) {
                lastFieldKind = TextScanner.secretFieldKind(field);
                lastField = field;
            }
            return lastFieldKind;
        }

        /** The masked digits of a long, or null when they are nothing. */
        @Nullable String number(long v) {
            if (v < 1_000_000_000L) {
                return null; // fewer than 10 digits: no CPF (11), CNPJ (14) or card (13+)
            }
            String digits = Long.toString(v);
            String r = string(digits);
            return r == digits ? null : r;
        }

        String applyRule(MaskingConfig.ColumnRule rule, String text) {
            String typeName = rule.type();
            PiiType type = typeName == null ? null : PiiType.byId(typeName);
            MaskStrategy st = rule.strategy();
            StringBuilder out = new StringBuilder();
            String countAs;
            if (type != null) {
                countAs = type.id();
                if (st == null) {
                    st = renderer.strategy(type);
                }
                if (st instanceof MaskStrategy.Redact) {
                    Renderer.redact(type, text, 0, text.length(), out);
                } else if (st instanceof MaskStrategy.Partial p) {
                    Renderer.partial(text, 0, text.length(), p.keep(), out);
                } else {
                    renderer.hash(type.id(), Renderer.canonical(type, text, 0, text.length()), out);
                }
            } else {
                MaskingConfig.CustomPattern cp = typeName == null ? null : customByName(typeName);
                countAs = typeName == null ? "column" : typeName;
                if (st == null && cp != null) {
                    st = cp.strategy();
                }
                if (st instanceof MaskStrategy.Partial p) {
                    Renderer.partial(text, 0, text.length(), p.keep(), out);
                } else if (st instanceof MaskStrategy.Hash) {
                    renderer.hash(countAs, text, out);
                } else {
                    out.append(cp != null && cp.replacement() != null ? cp.replacement() : "***");
                }
            }
            fields++;
            stats.count(countAs, 1);
            return out.toString();
        }

        private MaskingConfig.@Nullable CustomPattern customByName(String name) {
            for (MaskingConfig.CustomPattern cp : custom) {
                if (cp.name().equals(name)) {
                    return cp;
                }
            }
            return null;
        }

        /** Masks {@code v}; {@code field} is the map key or column holding it (null at the top of a value). */
        @Nullable Object value(@Nullable Object v, MaskScope scope, int depth, @Nullable String field) {
            if (v == null) {
                return null;
            }
            if (!rules.isEmpty()) {
                MaskingConfig.ColumnRule rule = rules.match(scope);
                if (rule != null) {
                    return applyRule(rule, ruleText(v));
                }
            }
            if (field != null && secretFields && (v instanceof String || v instanceof Long || v instanceof Integer
                    || v instanceof BigInteger) && fieldKind(field) != 0) {
                String r = secretField(field, v.toString());
                if (r != null) {
                    return r;
                }
            }
            if (v instanceof String s) {
                return string(s);
            }
            if (v instanceof Map<?, ?> m) {
                return map(m, scope, depth);
            }
            if (v instanceof List<?> l) {
                return list(l, scope, depth, field);
            }
            if (v instanceof Long l) {
                String r = number(l);
                return r == null ? v : r;
            }
            if (v instanceof Integer || v instanceof Double || v instanceof Boolean || v instanceof Float
                    || v instanceof Short || v instanceof Byte) {
                return v;
            }
            if (v instanceof BigInteger || v instanceof BigDecimal) {
                String t = v instanceof BigDecimal bd ? bd.toPlainString() : v.toString();
                String r = string(t);
                return r == t ? v : r;
            }
            if (jackson && JsonMasking.isJson(v)) {
                return JsonMasking.maskAny(this, v, scope, depth, field);
            }
            throw new MaskingException("masking failed: cannot mask a value of type " + v.getClass().getName());
        }

        /** One row of {@link #maskRows}: the row itself when no cell changed, else an unmodifiable copy. */
        List<@Nullable Object> row(List<@Nullable Object> row, MaskScope[] scopes,
                @Nullable String[] fields, int[] kinds, MaskScope otherScope) {
            List<@Nullable Object> cells = row instanceof RandomAccess ? row : new ArrayList<>(row);
            @Nullable Object[] copy = null;
            int n = cells.size();
            for (int i = 0; i < n; i++) {
                Object cell = cells.get(i);
                Object masked;
                if (i < scopes.length) {
                    String field = fields[i];
                    if (field != null) { // the column's kind, worked out once per table
                        lastField = field;
                        lastFieldKind = kinds[i];
                    }
                    masked = value(cell, scopes[i], 0, field);
                } else {
                    masked = value(cell, otherScope, 0, otherScope.path());
                }
                if (masked != cell && copy == null) {
                    copy = cells.toArray();
                }
                if (copy != null) {
                    copy[i] = masked;
                }
            }
            return copy == null ? row : Collections.unmodifiableList(Arrays.asList(copy));
        }

        private String ruleText(Object v) {
            return v instanceof String s ? s : String.valueOf(v);
        }

        private Object map(Map<?, ?> m, MaskScope scope, int depth) {
            checkDepth(depth);
            LinkedHashMap<Object, Object> copy = null;
            int idx = 0;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                Object key = e.getKey();
                Object val = e.getValue();
                String keyText = String.valueOf(key);
                Object maskedVal = value(val, child(scope, keyText), depth + 1, keyText);
                Object maskedKey = key instanceof String ks ? string(ks) : key;
                if ((maskedVal != val || maskedKey != key) && copy == null) {
                    copy = new LinkedHashMap<>();
                    int k = 0;
                    for (Map.Entry<?, ?> b : m.entrySet()) {
                        if (k++ == idx) {
                            break;
                        }
                        copy.put(b.getKey(), b.getValue());
                    }
                }
                if (copy != null) {
                    Object k2 = maskedKey;
                    int dup = 2;
                    while (maskedKey != key && copy.containsKey(k2)) {
                        k2 = maskedKey + "#" + dup++;
                    }
                    copy.put(k2, maskedVal);
                }
                idx++;
            }
            return copy == null ? m : copy;
        }

        private Object list(List<?> l, MaskScope scope, int depth, @Nullable String field) {
            checkDepth(depth);
            List<Object> copy = null;
            int idx = 0;
            for (Object val : l) {
                Object masked = value(val, scope, depth + 1, field);
                if (masked != val && copy == null) {
                    copy = new ArrayList<>(l.size());
                    for (int k = 0; k < idx; k++) {
                        copy.add(l.get(k));
                    }
                }
                if (copy != null) {
                    copy.add(masked);
                }
                idx++;
            }
            return copy == null ? l : copy;
        }
    }

    /** Builds a {@link Masker} from code; the same checks as {@link MaskingConfig#fromMap}. */
    public static final class Builder {
        private final MaskingConfig.Builder config = MaskingConfig.builder();

        private Builder() {
        }

        public Builder disable(PiiType... types) {
            config.disable(types);
            return this;
        }

        public Builder enable(PiiType type, boolean on) {
            config.enable(type, on);
            return this;
        }

        public Builder strategy(PiiType type, MaskStrategy strategy) {
            config.strategy(type, strategy);
            return this;
        }

        public Builder hashKey(Secret key) {
            config.hashKey(key);
            return this;
        }

        public Builder custom(String name, String regex, @Nullable String replacement) {
            config.custom(name, regex, replacement);
            return this;
        }

        public Builder custom(String name, String regex, MaskStrategy strategy) {
            config.custom(name, regex, strategy);
            return this;
        }

        public Builder column(MaskingConfig.ColumnRule rule) {
            config.column(rule);
            return this;
        }

        /** @throws MaskingConfigException listing every problem */
        public Masker build() {
            return new Masker(config.build());
        }
    }
}

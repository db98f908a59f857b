package dev.relay.runtime.internal.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Reads YAML (SnakeYAML Engine, core schema) into a {@link YNode} tree with positions, substituting
 * {@code ${NAME}} with the environment variable and {@code ${file:/path}} with the file's content
 * (trailing newline removed). A substituted plain scalar is typed again, so {@code ${PORT}} can be
 * an integer. Problems go to {@link Problems}; values never appear in them.
 */
public final class YamlTree {

    private static final int MAX_DEPTH = 64;

    private final Problems problems;
    private final Function<String, @Nullable String> env;
    private final ScalarResolver resolver = new CoreSchema().getScalarResolver();

    private YamlTree(Problems problems, Function<String, @Nullable String> env) {
        this.problems = problems;
        this.env = env;
    }

    /** Parses {@code text}; returns null (with problems recorded) when it is not usable YAML. */
    public static @Nullable YNode parse(String text, Problems problems, Function<String, @Nullable String> env) {
        LoadSettings settings = LoadSettings.builder()
                .setLabel(problems.file())
                .setSchema(new CoreSchema())
                .setAllowDuplicateKeys(false)
                .setMaxAliasesForCollections(50)
                .setCodePointLimit(8 * 1024 * 1024)
                .build();
        Optional<Node> root;
        try {
            root = new Compose(settings).composeString(text);
        } catch (MarkedYamlEngineException e) {
            Mark mark = e.getProblemMark().or(e::getContextMark).orElse(null);
            String what = e.getProblem() == null ? "invalid YAML" : "invalid YAML: " + e.getProblem();
            if (mark == null) {
                problems.add(0, 0, "", what);
            } else {
                problems.add(mark.getLine() + 1, mark.getColumn() + 1, "", what);
            }
            return null;
        } catch (YamlEngineException e) {
            problems.add(0, 0, "", "invalid YAML");
            return null;
        }
        if (root.isEmpty()) {
            return new YNode.YMap(Map.of(), 1, 1);
        }
        return new YamlTree(problems, env).convert(root.get(), "", 0);
    }

    private @Nullable YNode convert(Node node, String path, int depth) {
        int line = node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
        int column = node.getStartMark().map(m -> m.getColumn() + 1).orElse(0);
        if (depth > MAX_DEPTH) {
            problems.add(line, column, path, "nested too deeply");
            return null;
        }
        if (node instanceof MappingNode map) {
            Map<String, YNode.Entry> entries = new LinkedHashMap<>();
            for (NodeTuple tuple : map.getValue()) {
                Node keyNode = tuple.getKeyNode();
                int kl = keyNode.getStartMark().map(m -> m.getLine() + 1).orElse(line);
                int kc = keyNode.getStartMark().map(m -> m.getColumn() + 1).orElse(column);
                if (!(keyNode instanceof ScalarNode keyScalar)) {
                    problems.add(kl, kc, path, "keys must be plain strings");
                    continue;
                }
                String key = keyScalar.getValue();
                String childPath = path.isEmpty() ? key : path + "." + key;
                if (entries.containsKey(key)) {
                    problems.add(kl, kc, childPath, "duplicate key");
                    continue;
                }
                YNode value = convert(tuple.getValueNode(), childPath, depth + 1);
                if (value != null) {
                    entries.put(key, new YNode.Entry(key, kl, kc, value));
                }
            }
            return new YNode.YMap(entries, line, column);
        }
        if (node instanceof SequenceNode seq) {
            List<YNode> items = new ArrayList<>();
            int i = 0;
            for (Node child : seq.getValue()) {
                YNode value = convert(child, path + "[" + i + "]", depth + 1);
                items.add(value == null ? new YNode.YScalar(null, line, column) : value);
                i++;
            }
            return new YNode.YList(items, line, column);
        }
        ScalarNode scalar = (ScalarNode) node;
        String raw = scalar.getValue();
        boolean plain = scalar.isPlain();
        Tag tag = scalar.getTag();
        if (raw.contains("${")) {
            String substituted = substitute(raw, path, line, column);
            if (substituted == null) {
                return new YNode.YScalar(null, line, column);
            }
            raw = substituted;
            tag = plain ? resolver.resolve(raw, true) : Tag.STR;
        }
        return new YNode.YScalar(typed(raw, tag), line, column);
    }

    private static @Nullable Object typed(String raw, Tag tag) {
        if (Tag.NULL.equals(tag)) {
            return null;
        }
        if (Tag.BOOL.equals(tag)) {
            return Boolean.valueOf(raw.trim().toLowerCase(java.util.Locale.ROOT).equals("true"));
        }
        if (Tag.INT.equals(tag)) {
            try {
                String t = raw.trim().replace("_", "");
                if (t.startsWith("0x")) {
                    return Long.parseLong(t.substring(2), 16);
                }
                if (t.startsWith("0o")) {
                    return Long.parseLong(t.substring(2), 8);
                }
                return Long.parseLong(t.startsWith("+") ? t.substring(1) : t);
            } catch (NumberFormatException e) {
                return raw;
            }
        }
        if (Tag.FLOAT.equals(tag)) {
            try {
                return Double.parseDouble(raw.trim());
            } catch (NumberFormatException e) {
                return raw;
            }
        }
        return raw;
    }

    /** Replaces every {@code ${...}}; {@code $${} writes a literal {@code ${}. Null after a problem. */
    private @Nullable String substitute(String raw, String path, int line, int column) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        boolean ok = true;
        while (i < raw.length()) {
            if (raw.startsWith("$${", i)) {
                out.append("${");
                i += 3;
                continue;
            }
            if (!raw.startsWith("${", i)) {
                out.append(raw.charAt(i++));
                continue;
            }
            int end = raw.indexOf('}', i + 2);
            if (end < 0) {
                problems.add(line, column, path, "unterminated ${...} reference");
                return null;
            }
            String ref = raw.substring(i + 2, end).trim();
            i = end + 1;
            if (ref.startsWith("file:")) {
                String file = ref.substring("file:".length());
                try {
                    String content = Files.readString(Path.of(file), StandardCharsets.UTF_8);
                    if (content.endsWith("\r\n")) {
                        content = content.substring(0, content.length() - 2);
                    } else if (content.endsWith("\n")) {
                        content = content.substring(0, content.length() - 1);
                    }
                    out.append(content);
                } catch (IOException | RuntimeException e) {
                    problems.add(line, column, path, "cannot read ${file:" + file + "}: "
                            + e.getClass().getSimpleName());
                    ok = false;
                }
                continue;
            }
            String name = ref;
            String fallback = null;
            int dash = ref.indexOf(":-");
            if (dash >= 0) {
                name = ref.substring(0, dash);
                fallback = ref.substring(dash + 2);
            }
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                problems.add(line, column, path, "invalid reference ${" + name + "}: expected ${ENV_VAR} or ${file:/path}");
                ok = false;
                continue;
            }
            String value = env.apply(name);
            if (value == null || value.isEmpty() && fallback != null) {
                if (fallback == null) {
                    problems.add(line, column, path, "environment variable " + name + " is not set");
                    ok = false;
                    continue;
                }
                value = fallback;
            }
            out.append(value);
        }
        return ok ? out.toString() : null;
    }
}

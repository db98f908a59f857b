package dev.relay.benchmarks.policy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Loads the benign PostgreSQL corpus (same format as relay-policy's corpus tests). */
final class BenignCorpus {

    /** Relative to the repository root, where the benchmark command is run. */
    static final String DEFAULT_PATH = "relay-policy/src/test/resources/corpus/postgres-benign.sql";

    private BenignCorpus() {
    }

    static List<String> load(String path) {
        Path p = Path.of(path);
        if (!Files.exists(p)) {
            p = Path.of("..").resolve(path);
        }
        try {
            List<String> out = new ArrayList<>();
            StringBuilder current = new StringBuilder();
            for (String line : Files.readAllLines(p)) {
                if (line.equals("----")) {
                    add(out, current);
                } else if (!line.startsWith("##")) {
                    current.append(line).append('\n');
                }
            }
            add(out, current);
            // the parameterised ones need arguments; the benchmark checks plain queries
            out.removeIf(q -> q.contains("$1"));
            return List.copyOf(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the benign corpus at " + p.toAbsolutePath(), e);
        }
    }

    private static void add(List<String> out, StringBuilder current) {
        if (!current.toString().isBlank()) {
            out.add(current.toString().strip());
        }
        current.setLength(0);
    }
}

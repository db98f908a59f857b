package dev.relay.policy.corpus;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads the SQL corpus files: records separated by a line holding only {@code ----}; lines
 * starting with {@code ##} are comments, except {@code ## expect: TEXT}, the text the rejection
 * detail must contain.
 */
public final class Corpus {

    /** One query of a corpus file, numbered from 1 in file order; {@code params} is the raw JSON array, if any. */
    public record Entry(String file, int number, int line, String sql, @Nullable String expect, @Nullable String params) {
        @Override
        public String toString() {
            return file + " #" + number + " (line " + line + ")";
        }

        /** Positional parameters {@code $1..$n} the query uses, bound to a harmless value. */
        public List<@Nullable Object> dummyParameters() {
            List<@Nullable Object> out = new ArrayList<>();
            for (int i = 1; i < 10 && sql.contains("$" + i); i++) {
                out.add("1");
            }
            return out;
        }
    }

    private Corpus() {
    }

    /** Loads {@code /corpus/<name>} from the test class path. */
    public static List<Entry> load(String name) {
        try (InputStream in = Corpus.class.getResourceAsStream("/corpus/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no corpus file " + name);
            }
            return parse(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Splits a corpus text into entries. */
    public static List<Entry> parse(String name, String text) {
        List<Entry> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        String expect = null;
        String params = null;
        int startLine = 0;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.equals("----")) {
                if (!current.toString().isBlank()) {
                    out.add(new Entry(name, out.size() + 1, startLine, current.toString().strip(), expect, params));
                }
                current.setLength(0);
                expect = null;
                params = null;
                startLine = 0;
                continue;
            }
            if (line.startsWith("## expect: ")) {
                expect = line.substring("## expect: ".length()).trim();
                continue;
            }
            if (line.startsWith("## params: ")) {
                params = line.substring("## params: ".length()).trim();
                continue;
            }
            if (line.startsWith("##")) {
                continue;
            }
            if (startLine == 0 && !line.isBlank()) {
                startLine = i + 1;
            }
            current.append(line).append('\n');
        }
        if (!current.toString().isBlank()) {
            out.add(new Entry(name, out.size() + 1, startLine, current.toString().strip(), expect, params));
        }
        return out;
    }
}

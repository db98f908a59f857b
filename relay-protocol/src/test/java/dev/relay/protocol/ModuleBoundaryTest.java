package dev.relay.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** relay-protocol depends on Jackson alone and knows no transport, database or other Relay module. */
class ModuleBoundaryTest {

    private static final Pattern IMPORT = Pattern.compile("^import (static )?([\\w.]+)", Pattern.MULTILINE);

    @Test
    void mainSourcesImportOnlyJdkJacksonAndJSpecify() throws IOException {
        List<String> offending = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                Matcher m = IMPORT.matcher(Files.readString(f));
                while (m.find()) {
                    String imported = m.group(2);
                    if (!(imported.startsWith("java.") || imported.startsWith("com.fasterxml.jackson.")
                            || imported.startsWith("org.jspecify.") || imported.startsWith("dev.relay.protocol"))) {
                        offending.add(f.getFileName() + ": " + imported);
                    }
                }
            }
        }
        assertThat(offending).isEmpty();
    }

    @Test
    void pomDeclaresJacksonAsTheOnlyCompileDependency() throws IOException {
        String pom = Files.readString(Path.of("pom.xml"));
        Matcher m = Pattern.compile("<artifactId>([^<]+)</artifactId>").matcher(
                pom.substring(pom.indexOf("<dependencies>")));
        List<String> artifacts = new ArrayList<>();
        while (m.find()) {
            artifacts.add(m.group(1));
        }
        assertThat(artifacts).containsExactly("jackson-databind");
    }
}

package dev.relay.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every key the loader reads is documented in docs/configuration.md and in the JSON Schema. */
class ConfigurationDocTest {

    private static final String FULL = """
            controlPlane:
              url: wss://cp.example.com
              token: t
              reconnect: {}
              tls: {}
            limits: {}
            resources:
              - {id: a, type: postgres, tables: {}}
            health: {}
            reload: {}
            logging: {}
            """;

    private static Path docs() {
        Path here = Path.of("").toAbsolutePath();
        Path docs = here.resolve("docs");
        return Files.isDirectory(docs) ? docs : here.getParent().resolve("docs");
    }

    private final Set<String> keys = RelayConfigLoader.create().withEnvironment(Map.<String, String>of()::get).keysRead(FULL);

    @Test
    void everyKeyIsInConfigurationMd() throws IOException {
        String doc = Files.readString(docs().resolve("configuration.md"));
        assertThat(keys).hasSizeGreaterThan(40);
        assertThat(keys).filteredOn(key -> !doc.contains("`" + key + "`")).as("keys missing from docs/configuration.md")
                .isEmpty();
    }

    @Test
    void everyKeyIsInTheJsonSchema() throws IOException {
        JsonNode schema = new ObjectMapper().readTree(docs().resolve("relay-config.schema.json").toFile());
        for (String key : keys) {
            JsonNode node = schema;
            for (String part : key.split("\\.")) {
                boolean list = part.endsWith("[]");
                String name = list ? part.substring(0, part.length() - 2) : part;
                node = node.path("properties").path(name);
                if (list) {
                    node = node.path("items");
                }
            }
            assertThat(node.isMissingNode()).as("schema has %s", key).isFalse();
        }
    }
}

package dev.relay.testkit.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.relay.policy.spi.ConnectorProvider;
import dev.relay.policy.spi.ConnectorRegistry;
import dev.relay.runtime.RelayConfig;
import dev.relay.runtime.RelayConfigLoader;
import dev.relay.runtime.RelayRuntime;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Starts a relay from YAML text for a test, captures its audit stream, and stops it. */
final class RelayHarness implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration WAIT = Duration.ofSeconds(20);

    final Path configFile;
    final RelayConfigLoader loader;
    final RelayRuntime relay;
    final ByteArrayOutputStream audit = new ByteArrayOutputStream();

    RelayHarness(Path dir, String yaml, Map<String, String> env, ConnectorProvider... providers) throws IOException {
        configFile = dir.resolve("relay-config.yaml");
        Files.writeString(configFile, yaml);
        loader = RelayConfigLoader.create().withEnvironment(env::get);
        RelayConfig config = loader.load(configFile);
        RelayRuntime.Builder b = RelayRuntime.builder(config).auditOut(audit).configLoader(loader);
        if (providers.length > 0) {
            b.connectors(ConnectorRegistry.of(List.of(providers)));
        }
        relay = b.build().start();
    }

    static ObjectNode execute(String resourceId, String query, String requestId) {
        return JSON.createObjectNode().put("resourceId", resourceId).put("operation", "query").put("query", query)
                .put("requestId", requestId);
    }

    List<JsonNode> auditLines() {
        String text;
        synchronized (audit) {
            text = audit.toString(StandardCharsets.UTF_8);
        }
        List<JsonNode> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                try {
                    out.add(JSON.readTree(line));
                } catch (IOException e) {
                    throw new AssertionError("audit line is not JSON: " + line, e);
                }
            }
        }
        return out;
    }

    JsonNode awaitAudit(Predicate<JsonNode> match) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode line : auditLines()) {
                if (match.test(line)) {
                    return line;
                }
            }
            sleep(20);
        }
        throw new AssertionError("no matching audit line in " + auditLines());
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        relay.shutdown();
    }
}

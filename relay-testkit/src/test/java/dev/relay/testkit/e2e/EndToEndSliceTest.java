package dev.relay.testkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.relay.runtime.RelayConfig;
import dev.relay.runtime.RelayConfigLoader;
import dev.relay.runtime.RelayRuntime;
import dev.relay.runtime.RelayVersion;
import dev.relay.testkit.controlplane.ControlPlaneServer;
import dev.relay.testkit.controlplane.Handshake;
import dev.relay.testkit.controlplane.JsonRpcErrorException;
import dev.relay.testkit.controlplane.RelaySession;
import dev.relay.testkit.db.PostgresFixture;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The foundation slice, end to end over the real WebSocket: a local control plane, a real
 * PostgreSQL with a table of e-mail addresses, and the relay built from a relay-config.yaml. A
 * SELECT comes back masked, a DELETE is blocked with -32003 QUERY_BLOCKED, each request leaves one
 * JSON audit line on the relay's stdout stream.
 */
class EndToEndSliceTest {

    private static final String TOKEN = "e2e-token-0123456789";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static ControlPlaneServer controlPlane;
    static RelayRuntime relay;
    static RelaySession session;
    static final ByteArrayOutputStream auditOut = new ByteArrayOutputStream();

    @BeforeAll
    static void start() throws IOException {
        PostgresFixture pg = PostgresFixture.shared();
        String db = pg.createDatabase("e2e_slice");
        pg.executeIn(db,
                "CREATE TABLE users (id bigint PRIMARY KEY, name text NOT NULL, email text NOT NULL)",
                "INSERT INTO users VALUES (1, 'Ana', 'ana.souza@example.com'), (2, 'Bruno', 'bruno+relay@mail.example.org'),"
                        + " (3, 'Carla', 'carla@sub.example.co')",
                "GRANT SELECT ON users TO " + pg.user());
        controlPlane = ControlPlaneServer.builder().token(TOKEN).build().start();
        Path config = dir.resolve("relay-config.yaml");
        Files.writeString(config, """
                relayId: relay-e2e
                controlPlane:
                  url: %s
                  token: ${RELAY_TOKEN}
                  insecure: true
                resources:
                  - id: main-pg
                    type: postgres
                    connection:
                      url: "%s"
                      username: %s
                      password: ${PG_PASSWORD}
                    allowedOperations: [query, list_tables, describe_table, explain]
                    maxRowsPerQuery: 100
                """.formatted(controlPlane.url(), pg.jdbcUrl(db), pg.user()));
        Map<String, String> env = Map.of("RELAY_TOKEN", TOKEN, "PG_PASSWORD", pg.password());
        RelayConfig relayConfig = RelayConfigLoader.create().withEnvironment(env::get).load(config);
        relay = RelayRuntime.builder(relayConfig).auditOut(auditOut).build().start();
        session = controlPlane.awaitConnection(WAIT);
    }

    @AfterAll
    static void stop() {
        if (relay != null) {
            relay.shutdown();
        }
        if (controlPlane != null) {
            controlPlane.close();
        }
    }

    @Test
    void dialsOutWithTheBearerTokenAndItsIdentity() {
        Handshake handshake = session.handshake();
        assertThat(handshake.header("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(handshake.header("X-Relay-Id")).isEqualTo("relay-e2e");
        assertThat(handshake.header("X-Relay-Version")).isEqualTo(RelayVersion.get());
        assertThat(handshake.accepted()).isTrue();
    }

    @Test
    void selectRunsReadOnlyAndComesBackMasked() throws IOException {
        ObjectNode params = JSON.createObjectNode()
                .put("resourceId", "main-pg").put("operation", "query")
                .put("query", "SELECT id, email FROM users ORDER BY id").put("requestId", "req-select-1");
        JsonNode result = session.call("execute", params, WAIT);

        assertThat(result.path("columns").get(0).path("name").asText()).isEqualTo("id");
        assertThat(result.path("columns").get(1).path("name").asText()).isEqualTo("email");
        assertThat(result.path("rows")).hasSize(3);
        for (JsonNode row : result.path("rows")) {
            assertThat(row.get(1).asText()).isEqualTo("***@***.***");
        }
        assertThat(result.path("rows").get(0).get(0).asLong()).isEqualTo(1);
        JsonNode meta = result.path("metadata");
        assertThat(meta.path("requestId").asText()).isEqualTo("req-select-1");
        assertThat(meta.path("resourceId").asText()).isEqualTo("main-pg");
        assertThat(meta.path("rowCount").asInt()).isEqualTo(3);
        assertThat(meta.path("clamped").asBoolean()).isFalse();
        assertThat(meta.path("maxRows").asInt()).isEqualTo(100);
        assertThat(meta.path("maskedFieldCount").asInt()).isEqualTo(3);
        assertThat(session.receivedTexts()).noneMatch(t -> t.contains("example.com"));

        // the transaction the relay runs in is read-only
        ObjectNode readOnly = JSON.createObjectNode()
                .put("resourceId", "main-pg").put("operation", "query")
                .put("query", "SELECT current_setting('transaction_read_only') AS ro").put("requestId", "req-ro");
        JsonNode ro = session.call("execute", readOnly, WAIT);
        assertThat(ro.path("rows").get(0).get(0).asText()).isEqualTo("on");

        JsonNode audit = awaitAudit("req-select-1");
        assertThat(audit.path("outcome").asText()).isEqualTo("success");
        assertThat(audit.path("resourceId").asText()).isEqualTo("main-pg");
        assertThat(audit.path("operation").asText()).isEqualTo("query");
        assertThat(audit.path("rowCount").asInt()).isEqualTo(3);
        assertThat(audit.path("maskedFieldCount").asInt()).isEqualTo(3);
        assertThat(audit.path("queryFingerprint").asText()).isNotEmpty();
        assertThat(audit.path("time").asText()).endsWith("Z");
        assertThat(audit.toString()).doesNotContain("example").doesNotContain("SELECT");
    }

    @Test
    void deleteIsBlockedWithQueryBlocked() throws IOException {
        ObjectNode params = JSON.createObjectNode()
                .put("resourceId", "main-pg").put("operation", "query")
                .put("query", "DELETE FROM users WHERE id = 1").put("requestId", "req-delete-1");
        assertThatThrownBy(() -> session.call("execute", params, WAIT))
                .isInstanceOfSatisfying(JsonRpcErrorException.class, e -> {
                    assertThat(e.code()).isEqualTo(-32003);
                    assertThat(e.reason()).isEqualTo("QUERY_BLOCKED");
                    assertThat(e.error().path("data").path("requestId").asText()).isEqualTo("req-delete-1");
                    assertThat(e.error().path("data").path("detail").asText()).containsIgnoringCase("DELETE");
                });
        JsonNode audit = awaitAudit("req-delete-1");
        assertThat(audit.path("outcome").asText()).isEqualTo("rejected");
        assertThat(audit.path("reason").asText()).isEqualTo("QUERY_BLOCKED");

        // and the row is still there
        ObjectNode count = JSON.createObjectNode()
                .put("resourceId", "main-pg").put("operation", "query")
                .put("query", "SELECT count(*) AS n FROM users").put("requestId", "req-count");
        assertThat(session.call("execute", count, WAIT).path("rows").get(0).get(0).asInt()).isEqualTo(3);
    }

    @Test
    void everyRequestWritesExactlyOneAuditLine() throws IOException {
        ObjectNode params = JSON.createObjectNode()
                .put("resourceId", "main-pg").put("operation", "query")
                .put("query", "SELECT name FROM users WHERE id = $1").put("requestId", "req-once");
        params.putArray("parameters").add(2);
        session.call("execute", params, WAIT);
        awaitAudit("req-once");
        assertThat(auditLines().stream().filter(l -> "req-once".equals(l.path("requestId").asText()))).hasSize(1);
    }

    private static JsonNode awaitAudit(String requestId) throws IOException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode line : auditLines()) {
                if (requestId.equals(line.path("requestId").asText())) {
                    return line;
                }
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("no audit line for " + requestId + " in:\n" + auditText());
    }

    private static List<JsonNode> auditLines() throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : auditText().split("\n")) {
            if (!line.isBlank()) {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }

    private static String auditText() {
        synchronized (auditOut) {
            return auditOut.toString(StandardCharsets.UTF_8);
        }
    }
}

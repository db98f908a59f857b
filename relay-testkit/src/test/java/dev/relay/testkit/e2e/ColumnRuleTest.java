package dev.relay.testkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.relay.runtime.RelayConfig;
import dev.relay.runtime.RelayConfigLoader;
import dev.relay.runtime.RelayRuntime;
import dev.relay.testkit.controlplane.ControlPlaneServer;
import dev.relay.testkit.controlplane.RelaySession;
import dev.relay.testkit.db.PostgresFixture;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A column rule masks a table column however the query names it: renamed with {@code AS}, quoted,
 * through a subquery or a CTE, on real PostgreSQL (which reports each result column's source).
 */
class ColumnRuleTest {

    private static final String TOKEN = "column-rule-token-0123456789";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static ControlPlaneServer controlPlane;
    static RelayRuntime relay;
    static RelaySession session;

    @BeforeAll
    static void start() throws IOException {
        PostgresFixture pg = PostgresFixture.shared();
        String db = pg.createDatabase("column_rules");
        pg.executeIn(db,
                "CREATE TABLE patients (id bigint PRIMARY KEY, full_name text NOT NULL, diagnosis text NOT NULL)",
                "INSERT INTO patients VALUES (1, 'Ana Souza', 'Influenza A'), (2, 'Bruno Lima', 'Otitis media')",
                "GRANT SELECT ON patients TO " + pg.user());
        controlPlane = ControlPlaneServer.builder().token(TOKEN).build().start();
        Path config = dir.resolve("relay-config.yaml");
        Files.writeString(config, """
                relayId: relay-column-rules
                controlPlane: {url: "%s", token: "${RELAY_TOKEN}", insecure: true}
                resources:
                  - id: clinic
                    type: postgres
                    connection: {url: "%s", username: %s, password: "${PG_PASSWORD}"}
                masking:
                  columns:
                    - {table: patients, column: full_name}
                    - {table: patients, column: diagnosis}
                """.formatted(controlPlane.url(), pg.jdbcUrl(db), pg.user()));
        RelayConfig relayConfig = RelayConfigLoader.create()
                .withEnvironment(Map.of("RELAY_TOKEN", TOKEN, "PG_PASSWORD", pg.password())::get).load(config);
        relay = RelayRuntime.builder(relayConfig).auditOut(new ByteArrayOutputStream()).build().start();
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

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT id, full_name, diagnosis FROM patients ORDER BY id",
        "SELECT id, full_name AS n, diagnosis AS d FROM patients ORDER BY id",
        "SELECT p.id, p.full_name AS \"Who\", p.diagnosis AS \"What\" FROM patients p ORDER BY 1",
        "SELECT id, x, y FROM (SELECT id, full_name AS x, diagnosis AS y FROM patients) s ORDER BY id",
        "WITH c AS (SELECT id, full_name AS a, diagnosis AS b FROM patients) SELECT id, a AS x, b AS y FROM c ORDER BY id",
        "SELECT id, full_name AS id_copy, diagnosis AS created_at FROM patients ORDER BY id",
    })
    void aRuleFollowsTheColumnUnderAnyName(String sql) {
        ObjectNode params = JSON.createObjectNode().put("resourceId", "clinic").put("operation", "query")
                .put("query", sql).put("requestId", "cr");
        JsonNode result = session.call("execute", params, WAIT);
        assertThat(result.path("rows")).hasSize(2);
        for (JsonNode row : result.path("rows")) {
            assertThat(row.get(1).asText()).as(sql).isEqualTo("***");
            assertThat(row.get(2).asText()).as(sql).isEqualTo("***");
        }
        assertThat(result.toString()).doesNotContain("Ana").doesNotContain("Influenza");
    }
}

package dev.relay.testkit.runtime;

import static dev.relay.testkit.runtime.RelayHarness.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.relay.testkit.controlplane.ControlPlaneServer;
import dev.relay.testkit.controlplane.JsonRpcErrorException;
import dev.relay.testkit.controlplane.RelaySession;
import dev.relay.testkit.db.PostgresFixture;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real PostgreSQL goes down and comes back: resource_update says so both times, queries fail cleanly meanwhile. */
class DatabaseOutageTest {

    static final String TOKEN = "outage-token";

    @TempDir
    Path dir;

    @Test
    void resourceUpdateWhenTheDatabaseGoesDownAndComesBack() throws Exception {
        try (PostgresFixture pg = PostgresFixture.startPrivate();
                ControlPlaneServer cp = ControlPlaneServer.builder().token(TOKEN).build().start()) {
            String yaml = """
                    relayId: relay-outage
                    controlPlane: {url: "%s", token: "${RELAY_TOKEN}", insecure: true}
                    health: {probeInterval: 300ms, probeTimeout: 2s}
                    reload: {watch: false}
                    resources:
                      - id: pg
                        type: postgres
                        connection: {url: "%s", username: "%s", password: "${PG_PASSWORD}"}
                        pool: {acquireTimeout: 2s}
                    """.formatted(cp.url(), pg.jdbcUrl(), pg.user());
            try (RelayHarness harness = new RelayHarness(dir, yaml, Map.of("RELAY_TOKEN", TOKEN, "PG_PASSWORD", pg.password()))) {
                RelaySession session = cp.awaitConnection(WAIT);
                ConnectionTest.awaitUpdate(session, r -> r.path("status").asText().equals("reachable")
                        && !r.path("schemaFingerprint").isNull());

                pg.stop();
                JsonNode down = ConnectionTest.awaitUpdate(session, r -> r.path("status").asText().equals("unreachable"));
                assertThat(down.path("id").asText()).isEqualTo("pg");
                try {
                    session.call("execute", RelayHarness.execute("pg", "SELECT 1 AS one", "while-down"), WAIT);
                    throw new AssertionError("expected an error while the database is down");
                } catch (JsonRpcErrorException e) {
                    assertThat(e.reason()).isIn("RESOURCE_UNAVAILABLE", "QUERY_FAILED", "QUERY_TIMEOUT");
                    assertThat(e.error().toString()).doesNotContain(pg.password());
                }
                harness.awaitAudit(a -> "resource_unreachable".equals(a.path("event").asText()));

                pg.start();
                ConnectionTest.awaitUpdate(session, r -> r.path("status").asText().equals("reachable"));
                JsonNode back = session.call("execute", RelayHarness.execute("pg", "SELECT 1 AS one", "after"), WAIT);
                assertThat(back.path("rows").get(0).get(0).asInt()).isEqualTo(1);
            }
        }
    }
}

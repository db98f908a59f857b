package dev.relay.testkit.runtime;

import static dev.relay.testkit.runtime.RelayHarness.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.relay.testkit.controlplane.ControlPlaneServer;
import dev.relay.testkit.controlplane.RelaySession;
import dev.relay.testkit.db.PostgresFixture;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Masking fails closed: a value the masker refuses is never sent. The input is real: PostgreSQL
 * returns a {@code jsonb} value nested 600 levels deep, which the connector reads (its limit is
 * 1000) and the masker refuses (its limit is 512) with a {@code MaskingException}.
 */
class MaskingFailsClosedTest {

    static final String TOKEN = "masking-fails-closed-token";

    @TempDir
    Path dir;

    @Test
    void aResultTheMaskerCannotHandleIsAnsweredWithoutDataAndAuditedAsMaskingFailed() throws Exception {
        PostgresFixture pg = PostgresFixture.shared();
        try (ControlPlaneServer cp = ControlPlaneServer.builder().token(TOKEN).build().start()) {
            String yaml = """
                    relayId: relay-masking-fails-closed
                    controlPlane: {url: "%s", token: "${RELAY_TOKEN}", insecure: true}
                    reload: {watch: false}
                    resources:
                      - id: pg
                        type: postgres
                        connection: {url: "%s", username: "%s", password: "${PG_PASSWORD}"}
                    """.formatted(cp.url(), pg.jdbcUrl(), pg.user());
            try (RelayHarness harness = new RelayHarness(dir, yaml, Map.of("RELAY_TOKEN", TOKEN, "PG_PASSWORD", pg.password()))) {
                RelaySession session = cp.awaitConnection(WAIT);
                // the same shape, shallow, goes through: the query itself is fine
                JsonNode shallow = session.call("execute", RelayHarness.execute("pg",
                        "SELECT (repeat('[', 5) || '\"dave@example.com\"' || repeat(']', 5))::jsonb AS doc, 'x' AS tag", "mfc-0"), WAIT);
                assertThat(shallow.toString()).contains("x").doesNotContain("dave@example.com");

                JsonNode reply = session.request("execute", RelayHarness.execute("pg",
                        "SELECT (repeat('[', 600) || '\"dave@example.com\"' || repeat(']', 600))::jsonb AS doc, 'x' AS tag", "mfc-1"))
                        .get(WAIT.toSeconds(), TimeUnit.SECONDS);
                assertThat(reply.has("result")).isFalse();
                JsonNode error = reply.path("error");
                assertThat(error.path("code").asInt()).isEqualTo(-32603);
                assertThat(error.toString()).contains("could not be masked")
                        .doesNotContain("dave@example.com").doesNotContain("[[[").doesNotContain("rows");

                JsonNode audit = harness.awaitAudit(a -> "mfc-1".equals(a.path("requestId").asText()));
                assertThat(audit.path("outcome").asText()).isEqualTo("error");
                assertThat(audit.path("reason").asText()).isEqualTo("MASKING_FAILED");
                assertThat(audit.has("rowCount")).isFalse();
                assertThat(harness.auditLines()).allSatisfy(a -> assertThat(a.toString()).doesNotContain("example.com"));
            }
        }
    }
}

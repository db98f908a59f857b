package dev.relay.testkit.runtime;

import static dev.relay.testkit.runtime.RelayHarness.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.relay.testkit.controlplane.ControlPlaneServer;
import dev.relay.testkit.controlplane.RelaySession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sender-chosen text that comes back in an error (an unknown resource id) goes out masked, and
 * the audit log masks its free-text fields with the masker in force, also after a reload.
 */
class ErrorTextMaskingTest {

    static final String TOKEN = "error-text-token";

    @TempDir
    Path dir;

    ControlPlaneServer cp;
    RelayHarness harness;

    @AfterEach
    void stop() {
        if (harness != null) {
            harness.close();
        }
        if (cp != null) {
            cp.close();
        }
    }

    private String yaml(String masking) {
        return """
                relayId: relay-error-text
                controlPlane: {url: "%s", token: "${RELAY_TOKEN}", insecure: true}
                reload: {watch: true, pollInterval: 100ms}
                masking: {%s}
                resources:
                  - {id: fake, type: postgres, connection: {delayMs: 0}}
                """.formatted(cp.url(), masking);
    }

    private JsonNode call(RelaySession session, String method, String resourceId) throws Exception {
        return session.request(method, RelayHarness.JSON.createObjectNode().put("resourceId", resourceId))
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void anUnknownResourceIdIsMaskedInTheErrorAndInTheAudit() throws Exception {
        cp = ControlPlaneServer.builder().token(TOKEN).build().start();
        harness = new RelayHarness(dir, yaml(""), Map.of("RELAY_TOKEN", TOKEN), new FakeConnectorProvider());
        RelaySession session = cp.awaitConnection(WAIT);

        for (String method : new String[] {"health_check", "describe_resource"}) {
            JsonNode error = call(session, method, "alice.smith@example.com").path("error");
            assertThat(error.path("data").path("reason").asText()).as(method).isEqualTo("RESOURCE_NOT_FOUND");
            assertThat(error.path("data").path("detail").asText()).as(method).contains("is not configured");
            assertThat(error.toString()).as(method).doesNotContain("alice.smith").doesNotContain("example.com");
        }
        JsonNode execute = session.request("execute", RelayHarness.execute("bob.jones@example.com", "SELECT 1", "etm-1"))
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(execute.has("error")).isTrue();
        assertThat(execute.toString()).doesNotContain("bob.jones").doesNotContain("example.com");

        harness.awaitAudit(a -> "etm-1".equals(a.path("requestId").asText()));
        assertThat(harness.auditLines()).filteredOn(a -> "RESOURCE_NOT_FOUND".equals(a.path("reason").asText())).hasSize(3);
        assertThat(harness.auditLines()).allSatisfy(a -> assertThat(a.toString()).doesNotContain("example.com"));
    }

    @Test
    void theAuditTextFilterFollowsTheMaskerOfTheReloadedConfig() throws Exception {
        cp = ControlPlaneServer.builder().token(TOKEN).build().start();
        harness = new RelayHarness(dir, yaml(""), Map.of("RELAY_TOKEN", TOKEN), new FakeConnectorProvider());
        RelaySession session = cp.awaitConnection(WAIT);

        // before: the defaults do not know the pattern
        JsonNode before = call(session, "health_check", "TKT-1111");
        assertThat(before.toString()).contains("TKT-1111");
        harness.awaitAudit(a -> a.toString().contains("TKT-1111"));

        Files.writeString(harness.configFile,
                yaml("custom: [{name: ticket, regex: \"TKT-[0-9]{4}\", replacement: \"TKT-****\"}]"));
        harness.awaitAudit(a -> "config_reloaded".equals(a.path("event").asText()) && "success".equals(a.path("outcome").asText()));

        JsonNode after = call(session, "health_check", "TKT-2222");
        assertThat(after.path("error").path("data").path("detail").asText()).contains("TKT-****");
        assertThat(after.toString()).doesNotContain("TKT-2222");
        // the record's resourceId and detail are both masked by the new masker
        JsonNode record = harness.awaitAudit(a -> "health_check".equals(a.path("method").asText())
                && a.path("detail").asText().contains("TKT-****"));
        assertThat(record.path("resourceId").asText()).isEqualTo("TKT-****");
        assertThat(harness.auditLines()).allSatisfy(a -> assertThat(a.toString()).doesNotContain("TKT-2222"));
    }
}

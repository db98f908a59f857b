package dev.relay.testkit.runtime;

import static dev.relay.testkit.runtime.RelayHarness.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.relay.testkit.controlplane.ControlPlaneServer;
import dev.relay.testkit.controlplane.RelaySession;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A record for every request, accepted or not (SPEC §6, issue 8): unknown methods, unparseable
 * messages, answers dropped because the connection closed; and signed checkpoints while idle.
 */
class AuditCoverageTest {

    static final String TOKEN = "audit-coverage-token";

    @TempDir
    Path dir;

    ControlPlaneServer cp;
    RelayHarness harness;
    final FakeConnectorProvider fake = new FakeConnectorProvider();

    @AfterEach
    void stop() {
        if (harness != null) {
            harness.close();
        }
        if (cp != null) {
            cp.close();
        }
    }

    RelaySession start(long delayMs, String audit) throws IOException {
        cp = ControlPlaneServer.builder().token(TOKEN).build().start();
        String yaml = """
                relayId: relay-audit-coverage
                controlPlane: {url: "%s", token: "${RELAY_TOKEN}", insecure: true}
                reload: {watch: false}
                audit: {%s}
                resources:
                  - {id: fake, type: postgres, connection: {delayMs: %d}}
                """.formatted(cp.url(), audit, delayMs);
        harness = new RelayHarness(dir, yaml, Map.of("RELAY_TOKEN", TOKEN), fake);
        return cp.awaitConnection(WAIT);
    }

    @Test
    void unknownMethodsAndUnparseableMessagesAreRecorded() throws Exception {
        RelaySession session = start(0, "");
        session.sendText("{\"jsonrpc\":\"2.0\",\"id\":\"um-1\",\"method\":\"drop_all_tables_of_carol@example.com\"}");
        session.sendText("{\"jsonrpc\":\"2.0\",\"id\":\"pe-1\",\"method\":\"execute\",");
        session.sendText("{\"jsonrpc\":\"2.0\",\"id\":\"ir-1\"}");

        JsonNode unknown = harness.awaitAudit(a -> "um-1".equals(a.path("requestId").asText()));
        assertThat(unknown.path("event").asText()).isEqualTo("request");
        assertThat(unknown.path("outcome").asText()).isEqualTo("rejected");
        assertThat(unknown.path("reason").asText()).isEqualTo("METHOD_NOT_FOUND");
        assertThat(unknown.toString()).doesNotContain("drop_all_tables").doesNotContain("example.com");

        harness.awaitAudit(a -> "PARSE_ERROR".equals(a.path("reason").asText()) && "rejected".equals(a.path("outcome").asText()));
        harness.awaitAudit(a -> "INVALID_REQUEST".equals(a.path("reason").asText()) && "rejected".equals(a.path("outcome").asText()));
    }

    @Test
    void anAnswerDroppedBecauseTheConnectionClosedIsRecorded() throws Exception {
        RelaySession session = start(10_000, "");
        session.request("execute", RelayHarness.execute("fake", "SELECT email FROM users", "dropped-1"));
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (fake.running.get() == 0 && System.nanoTime() < deadline) {
            RelayHarness.sleep(10);
        }
        session.drop();
        JsonNode dropped = harness.awaitAudit(a -> "dropped-1".equals(a.path("requestId").asText())
                && "CONNECTION_CLOSED".equals(a.path("reason").asText()));
        assertThat(dropped.path("outcome").asText()).isEqualTo("error");
        assertThat(dropped.path("method").asText()).isEqualTo("execute");
        // the pipeline's own record of the cancelled query comes first
        List<JsonNode> records = harness.auditLines().stream()
                .filter(a -> "dropped-1".equals(a.path("requestId").asText())).toList();
        assertThat(records).extracting(a -> a.path("reason").asText()).containsExactly("CONNECTION_LOST", "CONNECTION_CLOSED");
    }

    @Test
    void anIdleRelayWritesASignedCheckpoint() throws Exception {
        RelaySession session = start(0, "tamperEvidence: signed, signing: {mode: checkpoint, checkpointInterval: 300ms}");
        session.call("execute", RelayHarness.execute("fake", "SELECT email FROM users", "idle-1"), WAIT);
        JsonNode request = harness.awaitAudit(a -> "idle-1".equals(a.path("requestId").asText()));
        long seq = request.path("seq").asLong();
        // nothing else happens: only the timer can write this checkpoint
        JsonNode checkpoint = harness.awaitAudit(a -> "checkpoint".equals(a.path("event").asText())
                && a.path("seq").asLong() > seq);
        assertThat(checkpoint.path("sig").asText()).isNotEmpty();
        assertThat(harness.auditLines()).filteredOn(a -> a.path("seq").asLong() > seq
                && a.path("seq").asLong() < checkpoint.path("seq").asLong()).isEmpty();
    }
}

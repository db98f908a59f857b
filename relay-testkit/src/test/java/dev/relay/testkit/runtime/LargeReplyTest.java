package dev.relay.testkit.runtime;

import static dev.relay.testkit.runtime.RelayHarness.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.relay.testkit.controlplane.ControlPlaneServer;
import dev.relay.testkit.controlplane.RelaySession;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Large replies end to end: a result of several MiB reaches the control plane whole (sent as 64 KiB
 * fragments while it is encoded) with heartbeats around it; a control plane that stops reading in
 * the middle of one gets no partial answer: the relay gives up after the idle timeout, the
 * connection is closed, the request's audit trail says the reply never left whole, and the relay
 * reconnects.
 */
class LargeReplyTest {

    static final String TOKEN = "large-reply-token";

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

    private RelaySession start(int rows, int filler, String controlPlaneExtra) throws IOException {
        cp = ControlPlaneServer.builder().token(TOKEN).build().start();
        String yaml = """
                relayId: relay-large
                controlPlane: {url: "%s", token: "${RELAY_TOKEN}", insecure: true%s}
                reload: {watch: false}
                resources:
                  - {id: fake, type: postgres, maxRowsPerQuery: 1000000, connection: {rows: %d, filler: %d}}
                """.formatted(cp.url(), controlPlaneExtra, rows, filler);
        harness = new RelayHarness(dir, yaml, Map.of("RELAY_TOKEN", TOKEN), fake);
        return cp.awaitConnection(WAIT);
    }

    @Test
    void aResultOfSeveralMegabytesArrivesWholeAndMasked() throws Exception {
        RelaySession session = start(20_000, 200, ", heartbeatInterval: 100ms");
        JsonNode result = session.call("execute", RelayHarness.execute("fake", "SELECT email FROM users", "big-1"),
                Duration.ofSeconds(60));
        assertThat(result.path("rows")).hasSize(20_000);
        assertThat(result.path("metadata").path("rowCount").asInt()).isEqualTo(20_000);
        assertThat(result.toString()).doesNotContain("@example.com");
        assertThat(result.path("metadata").path("maskedFieldCount").asInt()).isEqualTo(20_000);
        // heartbeats kept flowing, as whole messages
        session.awaitNotification("heartbeat", WAIT);
        JsonNode small = session.call("list_resources", null, WAIT);
        assertThat(small.path("resources")).hasSize(1);
    }

    @Test
    void aControlPlaneThatStopsReadingMidReplyGetsNoPartialAnswerAndTheDropIsAudited() throws Exception {
        // ~20 MB of reply: far more than the loopback socket buffers hold. The control plane stops
        // reading at once; the idle timeout leaves the relay time to run, mask, audit and start
        // sending before it gives up on the connection.
        RelaySession session = start(40_000, 500, ", pingInterval: 1s, idleTimeout: 5s");
        CompletableFuture<JsonNode> answer = session.request("execute",
                RelayHarness.execute("fake", "SELECT email FROM users", "stalled-1"));
        session.stall();
        harness.awaitAudit(a -> "stalled-1".equals(a.path("requestId").asText()) && "success".equals(a.path("outcome").asText()));
        JsonNode dropped = harness.awaitAudit(a -> "stalled-1".equals(a.path("requestId").asText())
                && "CONNECTION_CLOSED".equals(a.path("reason").asText()));
        assertThat(dropped.path("outcome").asText()).isEqualTo("error");
        // the reply had started: it was aborted mid-message, not dropped before sending
        assertThat(dropped.path("detail").asText()).contains("could not be sent whole");
        session.resume();
        RelaySession again = cp.awaitConnection(WAIT);
        assertThat(again).isNotSameAs(session);
        assertThat(again.call("list_resources", null, WAIT).path("resources")).hasSize(1);
        // what reached the stalled session is never taken for an answer
        try {
            JsonNode got = answer.get(2, TimeUnit.SECONDS);
            throw new AssertionError("a partial reply was delivered as an answer: " + got.toString().length() + " chars");
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException expected) {
            // no answer, or the request failed with the connection
        }
        List<String> texts = session.receivedTexts();
        assertThat(texts).noneMatch(t -> t.contains("stalled-1") && t.contains("\"rows\""));
    }
}

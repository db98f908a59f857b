package dev.relay.testkit.runtime;

import static dev.relay.testkit.runtime.RelayHarness.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.relay.testkit.controlplane.ControlPlaneServer;
import dev.relay.testkit.controlplane.JsonRpcErrorException;
import dev.relay.testkit.controlplane.RelaySession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Editing the config file reloads it: added, removed (cut off at once), invalid (refused, old kept). */
class ReloadTest {

    static final String TOKEN = "reload-token";

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

    private String yaml(String resources) {
        return """
                relayId: relay-reload
                controlPlane:
                  url: %s
                  token: ${RELAY_TOKEN}
                  insecure: true
                reload: {watch: true, pollInterval: 100ms}
                resources:
                %s
                """.formatted(cp.url(), resources);
    }

    private static String resource(String id, long delayMs) {
        return "  - {id: %s, type: postgres, connection: {delayMs: %d}}\n".formatted(id, delayMs);
    }

    private static List<String> ids(RelaySession session) {
        List<String> ids = new ArrayList<>();
        for (JsonNode r : session.call("list_resources", null, WAIT).path("resources")) {
            ids.add(r.path("id").asText());
        }
        return ids;
    }

    private void awaitIds(RelaySession session, String... expected) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (ids(session).equals(List.of(expected))) {
                return;
            }
            RelayHarness.sleep(50);
        }
        assertThat(ids(session)).containsExactly(expected);
    }

    @Test
    void addRemoveAndRefuseAnInvalidFile() throws Exception {
        cp = ControlPlaneServer.builder().token(TOKEN).build().start();
        harness = new RelayHarness(dir, yaml(resource("alpha", 10_000)), Map.of("RELAY_TOKEN", TOKEN), fake);
        RelaySession session = cp.awaitConnection(WAIT);
        assertThat(ids(session)).containsExactly("alpha");

        // add: the file is edited, the watcher reloads it, a resource_update names the new resource
        Files.writeString(harness.configFile, yaml(resource("alpha", 10_000) + resource("beta", 0)));
        awaitIds(session, "alpha", "beta");
        ConnectionTest.awaitUpdateAny(session, list -> list.size() == 2);
        JsonNode beta = session.call("execute", RelayHarness.execute("beta", "SELECT email FROM users", "b-1"), WAIT);
        assertThat(beta.path("rows")).hasSize(1);

        // remove: a running request of the removed resource is cut off at once
        CompletableFuture<JsonNode> running = session.request("execute",
                RelayHarness.execute("alpha", "SELECT email FROM users", "a-running"));
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (fake.running.get() == 0 && System.nanoTime() < deadline) {
            RelayHarness.sleep(10);
        }
        long t0 = System.nanoTime();
        Files.writeString(harness.configFile, yaml(resource("beta", 0)));
        JsonNode cut = running.get(10, TimeUnit.SECONDS);
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(5_000);
        assertThat(cut.path("error").path("data").path("detail").asText()).contains("removed");
        awaitIds(session, "beta");
        try {
            session.call("execute", RelayHarness.execute("alpha", "SELECT email FROM users", "a-gone"), WAIT);
            throw new AssertionError("expected RESOURCE_NOT_FOUND");
        } catch (JsonRpcErrorException e) {
            assertThat(e.code()).isEqualTo(-32001);
            assertThat(e.reason()).isEqualTo("RESOURCE_NOT_FOUND");
        }

        // invalid: refused, the running config stays
        Files.writeString(harness.configFile, yaml(resource("gamma", 0)) + "nonsense: true\n");
        harness.awaitAudit(a -> "config_reloaded".equals(a.path("event").asText()) && a.path("detail").asText().contains("problem"));
        assertThat(ids(session)).containsExactly("beta");
        assertThat(harness.relay.config().resources()).extracting(r -> r.id()).containsExactly("beta");
    }

    /**
     * A request queued before a reload is judged by the rules it arrived under: the old snapshot's
     * policy engine stays open until that request is answered (it used to be closed at once, and
     * the queued request failed with "policy engine is busy").
     */
    @Test
    void aRequestQueuedBeforeAReloadIsStillAnswered() throws Exception {
        cp = ControlPlaneServer.builder().token(TOKEN).build().start();
        String oneWorker = "limits: {maxConcurrentRequests: 1, queueSize: 8}\n";
        harness = new RelayHarness(dir, yaml(resource("alpha", 800) + resource("beta", 0)) + oneWorker,
                Map.of("RELAY_TOKEN", TOKEN), fake);
        RelaySession session = cp.awaitConnection(WAIT);
        assertThat(ids(session)).containsExactly("alpha", "beta");

        // the only worker is busy for 800 ms; the beta request waits in the queue with the current snapshot
        CompletableFuture<JsonNode> slow = session.request("execute", RelayHarness.execute("alpha", "SELECT email FROM users", "q-slow"));
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (fake.running.get() == 0 && System.nanoTime() < deadline) {
            RelayHarness.sleep(5);
        }
        CompletableFuture<JsonNode> queued = session.request("execute",
                RelayHarness.execute("beta", "SELECT email FROM users WHERE id = 42", "q-queued"));
        RelayHarness.sleep(50);
        // a reload that keeps both resources swaps the snapshot (and retires its engine) while beta waits
        assertThat(harness.relay.reload(harness.loader.parse(yaml(resource("alpha", 800) + resource("beta", 0)) + oneWorker,
                harness.configFile.toString()))).isTrue();

        assertThat(slow.get(10, TimeUnit.SECONDS).has("result")).isTrue();
        JsonNode answer = queued.get(10, TimeUnit.SECONDS);
        assertThat(answer.path("error").isMissingNode()).as(answer.toString()).isTrue();
        assertThat(answer.path("result").path("rows")).hasSize(1);
        // and the next request runs under the new snapshot
        JsonNode after = session.call("execute", RelayHarness.execute("beta", "SELECT email FROM users", "q-after"), WAIT);
        assertThat(after.path("rows")).hasSize(1);
    }
}

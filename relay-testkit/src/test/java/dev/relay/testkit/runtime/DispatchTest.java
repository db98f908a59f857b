package dev.relay.testkit.runtime;

import static dev.relay.testkit.runtime.RelayHarness.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.relay.testkit.controlplane.ControlPlaneServer;
import dev.relay.testkit.controlplane.JsonRpcErrorException;
import dev.relay.testkit.controlplane.RelaySession;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bounded worker pool and queue, deadlines, cancellation on connection loss, and the SIGTERM drain. */
class DispatchTest {

    static final String TOKEN = "dispatch-token";

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

    RelaySession start(long delayMs, String limits) throws IOException {
        return start(delayMs, limits, 1);
    }

    RelaySession start(long delayMs, String limits, int rows) throws IOException {
        cp = ControlPlaneServer.builder().token(TOKEN).build().start();
        String yaml = """
                relayId: relay-dispatch
                controlPlane:
                  url: %s
                  token: ${RELAY_TOKEN}
                  insecure: true
                  reconnect: {initialDelay: 50ms, maxDelay: 200ms}
                limits: {%s}
                reload: {watch: false}
                resources:
                  - id: fake
                    type: postgres
                    connection: {delayMs: %d, rows: %d}
                    maxRowsPerQuery: 100000
                """.formatted(cp.url(), limits, delayMs, rows);
        harness = new RelayHarness(dir, yaml, Map.of("RELAY_TOKEN", TOKEN), fake);
        return cp.awaitConnection(WAIT);
    }

    @Test
    void twoHundredConcurrentRequestsAreBoundedAndEveryOneIsAnswered() throws Exception {
        RelaySession session = start(40, "maxConcurrentRequests: 4, queueSize: 20");
        List<CompletableFuture<JsonNode>> futures = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            futures.add(session.request("execute", RelayHarness.execute("fake", "SELECT email FROM users", "c-" + i)));
        }
        int ok = 0;
        int overloaded = 0;
        for (CompletableFuture<JsonNode> f : futures) {
            JsonNode response = f.get(30, TimeUnit.SECONDS);
            if (response.has("result")) {
                ok++;
                assertThat(response.path("result").path("rows").get(0).get(0).asText()).isEqualTo("***@***.***");
            } else {
                assertThat(response.path("error").path("code").asInt()).isEqualTo(-32007);
                assertThat(response.path("error").path("data").path("reason").asText()).isEqualTo("OVERLOADED");
                overloaded++;
            }
        }
        assertThat(ok + overloaded).isEqualTo(200);
        assertThat(ok).isGreaterThanOrEqualTo(24);
        assertThat(overloaded).isPositive();
        assertThat(fake.maxRunning.get()).isLessThanOrEqualTo(4);
        // every request, run or turned away, has its audit line
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline && requestAudits() < 200) {
            RelayHarness.sleep(20);
        }
        assertThat(requestAudits()).isEqualTo(200);
    }

    private long requestAudits() {
        return harness.auditLines().stream().filter(l -> l.path("requestId").asText().startsWith("c-")).count();
    }

    @Test
    void aLargeResultGoesOutInFragmentsAndArrivesWhole() throws IOException {
        RelaySession session = start(0, "", 20_000);
        JsonNode result = session.call("execute", RelayHarness.execute("fake", "SELECT email FROM users", "big-1"), WAIT);
        assertThat(result.path("rows")).hasSize(20_000);
        assertThat(result.path("metadata").path("maskedFieldCount").asInt()).isEqualTo(20_000);
        String text = session.receivedTexts().stream().filter(t -> t.contains("big-1")).findFirst().orElseThrow();
        assertThat(text.length()).isGreaterThan(4 * 64 * 1024);
        assertThat(text).doesNotContain("example.com");
    }

    @Test
    void aRequestPastItsDeadlineTimesOut() throws IOException {
        RelaySession session = start(3000, "requestTimeout: 300ms");
        long t0 = System.nanoTime();
        try {
            session.call("execute", RelayHarness.execute("fake", "SELECT email FROM users", "slow-1"), WAIT);
            throw new AssertionError("expected a timeout");
        } catch (JsonRpcErrorException e) {
            assertThat(e.code()).isEqualTo(-32004);
            assertThat(e.reason()).isEqualTo("QUERY_TIMEOUT");
        }
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(2500);
        JsonNode audit = harness.awaitAudit(a -> "slow-1".equals(a.path("requestId").asText()));
        assertThat(audit.path("outcome").asText()).isEqualTo("timeout");
    }

    @Test
    void aQueuedRequestPastItsDeadlineIsAnsweredWithoutReachingTheConnector() throws Exception {
        // one worker: the second request waits in the queue while the first runs into its deadline
        RelaySession session = start(3000, "maxConcurrentRequests: 1, queueSize: 4, requestTimeout: 300ms");
        long t0 = System.nanoTime();
        CompletableFuture<JsonNode> running = session.request("execute",
                RelayHarness.execute("fake", "SELECT email FROM users", "running-1"));
        CompletableFuture<JsonNode> queued = session.request("execute",
                RelayHarness.execute("fake", "SELECT email FROM users", "queued-1"));
        for (CompletableFuture<JsonNode> f : List.of(running, queued)) {
            JsonNode response = f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(response.path("error").path("code").asInt()).isEqualTo(-32004);
            assertThat(response.path("error").path("data").path("reason").asText()).isEqualTo("QUERY_TIMEOUT");
        }
        // the running query was cancelled at its deadline, not after its 3 s
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(2500);
        assertThat(fake.started).containsExactly("running-1");
        assertThat(fake.cancelled).containsExactly("running-1");
        JsonNode audit = harness.awaitAudit(a -> "queued-1".equals(a.path("requestId").asText()));
        assertThat(audit.path("outcome").asText()).isEqualTo("timeout");
    }

    @Test
    void deadlinesAreCheckedPeriodicallyAndTheCheckStopsWithTheRuntime() throws Exception {
        RelaySession session = start(0, "requestTimeout: 5s");
        Set<Thread> relayThreads = new HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("relay-timer") || t.getName().startsWith("relay-worker")) {
                relayThreads.add(t);
            }
        }
        // many quick requests: none times out, none is slowed by a timer per request
        for (int i = 0; i < 200; i++) {
            session.call("execute", RelayHarness.execute("fake", "SELECT email FROM users", "quick-" + i), WAIT);
        }
        assertThat(fake.cancelled).isEmpty();
        harness.close();
        harness = null;
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline && relayThreads.stream().anyMatch(Thread::isAlive)) {
            RelayHarness.sleep(20);
        }
        // the deadline check ran on the timer thread, which ends with the runtime, as do the workers
        assertThat(relayThreads).isNotEmpty().filteredOn(Thread::isAlive).isEmpty();
    }

    @Test
    void workOfALostConnectionIsCancelledAndAudited() throws IOException {
        RelaySession session = start(10_000, "");
        session.request("execute", RelayHarness.execute("fake", "SELECT email FROM users", "orphan-1"));
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (fake.running.get() == 0 && System.nanoTime() < deadline) {
            RelayHarness.sleep(10);
        }
        session.drop();
        while (!fake.cancelled.contains("orphan-1") && System.nanoTime() < deadline) {
            RelayHarness.sleep(10);
        }
        assertThat(fake.cancelled).contains("orphan-1");
        JsonNode audit = harness.awaitAudit(a -> "orphan-1".equals(a.path("requestId").asText()));
        assertThat(audit.path("outcome").asText()).isEqualTo("error");
        assertThat(audit.path("reason").asText()).isEqualTo("CONNECTION_LOST");
    }

    @Test
    void shutdownDrainsInFlightWorkRefusesNewWorkAndClosesWith1001() throws Exception {
        RelaySession session = start(700, "shutdownGracePeriod: 10s");
        List<CompletableFuture<JsonNode>> inFlight = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            inFlight.add(session.request("execute", RelayHarness.execute("fake", "SELECT email FROM users", "drain-" + i)));
        }
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (fake.running.get() < 3 && System.nanoTime() < deadline) {
            RelayHarness.sleep(10);
        }
        Thread stopper = new Thread(harness.relay::shutdown, "test-sigterm");
        stopper.start();
        RelayHarness.sleep(150);
        JsonNode refused = session.request("execute", RelayHarness.execute("fake", "SELECT 1", "late-1")).get(10, TimeUnit.SECONDS);
        assertThat(refused.path("error").path("code").asInt()).isEqualTo(-32008);
        assertThat(refused.path("error").path("data").path("reason").asText()).isEqualTo("SHUTTING_DOWN");
        for (CompletableFuture<JsonNode> f : inFlight) {
            assertThat(f.get(10, TimeUnit.SECONDS).has("result")).isTrue();
        }
        assertThat(session.awaitClose(WAIT).code()).isEqualTo(1001);
        stopper.join(15_000);
        assertThat(harness.relay.awaitTermination(java.time.Duration.ofSeconds(1))).isTrue();
        harness.awaitAudit(a -> "shutdown".equals(a.path("event").asText()));
    }
}

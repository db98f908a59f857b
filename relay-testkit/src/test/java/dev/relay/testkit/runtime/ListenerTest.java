package dev.relay.testkit.runtime;

import static dev.relay.testkit.runtime.RelayHarness.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.relay.policy.spi.ConnectorRegistry;
import dev.relay.runtime.RelayConfig;
import dev.relay.runtime.RelayConfigLoader;
import dev.relay.runtime.RelayListener;
import dev.relay.runtime.RelayListener.Outcome;
import dev.relay.runtime.RelayListener.RequestFinished;
import dev.relay.runtime.RelayRuntime;
import dev.relay.testkit.controlplane.ControlPlaneServer;
import dev.relay.testkit.controlplane.RelaySession;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The observability listener: told how each request ended, never what it asked or returned; a throwing one harms nothing. */
class ListenerTest {

    static final String TOKEN = "listener-token";

    static final class Recording implements RelayListener {
        final List<String> events = new CopyOnWriteArrayList<>();
        final List<RequestFinished> requests = new CopyOnWriteArrayList<>();

        @Override
        public void connected() {
            events.add("connected");
        }

        @Override
        public void disconnected() {
            events.add("disconnected");
        }

        @Override
        public void requestFinished(RequestFinished request) {
            requests.add(request);
        }

        @Override
        public void resourceReachability(String resourceId, boolean reachable) {
            events.add("resource " + resourceId + " " + (reachable ? "reachable" : "unreachable"));
        }
    }

    static RelayConfig config(ControlPlaneServer cp) throws Exception {
        return RelayConfigLoader.create().withEnvironment(Map.of("RELAY_TOKEN", TOKEN)::get).parse("""
                controlPlane: {url: "%s", token: "${RELAY_TOKEN}", insecure: true}
                reload: {watch: false}
                resources:
                  - {id: fake, type: postgres, connection: {delayMs: 0}}
                """.formatted(cp.url()), "relay-config.yaml");
    }

    @Test
    void everyRequestIsReportedWithItsOutcomeAndNoData() throws Exception {
        Recording listener = new Recording();
        try (ControlPlaneServer cp = ControlPlaneServer.builder().token(TOKEN).build().start()) {
            RelayRuntime relay = RelayRuntime.builder(config(cp)).auditOut(new java.io.ByteArrayOutputStream())
                    .connectors(ConnectorRegistry.of(List.of(new FakeConnectorProvider()))).listener(listener).build().start();
            try {
                RelaySession session = cp.awaitConnection(WAIT);
                JsonNode ok = session.request("execute",
                        RelayHarness.execute("fake", "SELECT email FROM users WHERE name = 'ana@example.com'", "l-1"))
                        .get(20, TimeUnit.SECONDS);
                assertThat(ok.has("result")).isTrue();
                JsonNode blocked = session.request("execute",
                        RelayHarness.execute("fake", "SELECT pg_read_file('/etc/passwd-secret')", "l-2"))
                        .get(20, TimeUnit.SECONDS);
                assertThat(blocked.has("error")).isTrue();
                JsonNode unknown = session.request("execute", RelayHarness.execute("nope", "SELECT 1", "l-3"))
                        .get(20, TimeUnit.SECONDS);
                assertThat(unknown.has("error")).isTrue();
                session.request("list_resources", null).get(20, TimeUnit.SECONDS);

                assertThat(listener.events).contains("connected");
                List<RequestFinished> seen = awaitRequests(listener, 4);
                assertThat(seen.get(0)).satisfies(r -> {
                    assertThat(r.method()).isEqualTo("execute");
                    assertThat(r.resourceId()).isEqualTo("fake");
                    assertThat(r.operation()).isEqualTo("query");
                    assertThat(r.outcome()).isEqualTo(Outcome.SUCCESS);
                    assertThat(r.reason()).isNull();
                    assertThat(r.durationNanos()).isPositive();
                });
                assertThat(seen.get(1).outcome()).isEqualTo(Outcome.REJECTED);
                assertThat(seen.get(1).reason()).isEqualTo("QUERY_BLOCKED");
                assertThat(seen.get(2).outcome()).isEqualTo(Outcome.REJECTED);
                assertThat(seen.get(2).reason()).isEqualTo("RESOURCE_NOT_FOUND");
                assertThat(seen.get(3).method()).isEqualTo("list_resources");
                assertThat(seen.get(3).outcome()).isEqualTo(Outcome.SUCCESS);
                // nothing a listener is given quotes the request or the result
                assertThat(seen.toString() + listener.events).doesNotContain("example.com").doesNotContain("passwd")
                        .doesNotContain("SELECT").doesNotContain("ana@");
            } finally {
                relay.shutdown();
            }
            assertThat(listener.events).endsWith("disconnected");
        }
    }

    @Test
    void aListenerThatThrowsChangesNoAnswer() throws Exception {
        RelayListener hostile = new RelayListener() {
            @Override
            public void requestFinished(RequestFinished request) {
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void connected() {
                throw new IllegalStateException("listener bug");
            }
        };
        try (ControlPlaneServer cp = ControlPlaneServer.builder().token(TOKEN).build().start()) {
            RelayRuntime relay = RelayRuntime.builder(config(cp)).auditOut(new java.io.ByteArrayOutputStream())
                    .connectors(ConnectorRegistry.of(List.of(new FakeConnectorProvider()))).listener(hostile).build().start();
            try {
                RelaySession session = cp.awaitConnection(WAIT);
                for (int i = 0; i < 3; i++) {
                    JsonNode ok = session.request("execute", RelayHarness.execute("fake", "SELECT id FROM users", "t-" + i))
                            .get(20, TimeUnit.SECONDS);
                    assertThat(ok.has("result")).as(ok.toString()).isTrue();
                }
            } finally {
                relay.shutdown();
            }
        }
    }

    private static List<RequestFinished> awaitRequests(Recording listener, int n) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (listener.requests.size() < n && System.nanoTime() < deadline) {
            RelayHarness.sleep(10);
        }
        assertThat(listener.requests).hasSizeGreaterThanOrEqualTo(n);
        return List.copyOf(listener.requests);
    }
}

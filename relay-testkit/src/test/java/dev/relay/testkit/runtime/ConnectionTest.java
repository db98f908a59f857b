package dev.relay.testkit.runtime;

import static dev.relay.testkit.runtime.RelayHarness.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.relay.runtime.RelayVersion;
import dev.relay.testkit.controlplane.ControlPlaneServer;
import dev.relay.testkit.controlplane.Handshake;
import dev.relay.testkit.controlplane.RelaySession;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Handshake, auth failures, reconnects, heartbeats, resource_update, oversize, dead peers, proxy. */
class ConnectionTest {

    static final String TOKEN = "conn-test-token";

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

    static String yaml(String url, String extraControlPlane, String extraTop) {
        return """
                relayId: relay-conn
                controlPlane:
                  url: %s
                  token: ${RELAY_TOKEN}
                  insecure: true
                  heartbeatInterval: 200ms
                  pingInterval: 300ms
                  idleTimeout: 1500ms
                  reconnect: {initialDelay: 50ms, maxDelay: 200ms, authFailureDelay: 400ms}
                %s
                health: {probeInterval: 200ms}
                reload: {watch: false}
                resources:
                  - id: fake
                    type: postgres
                    connection: {delayMs: 0}
                %s
                """.formatted(url, extraControlPlane, extraTop);
    }

    RelayHarness start(String yaml, String token) throws IOException {
        harness = new RelayHarness(dir, yaml, Map.of("RELAY_TOKEN", token), fake);
        return harness;
    }

    @Test
    void handshakeCarriesTheTokenAndTheRelaysIdentity() throws IOException {
        cp = ControlPlaneServer.builder().token(TOKEN).build().start();
        start(yaml(cp.url().toString(), "", ""), TOKEN);
        RelaySession session = cp.awaitConnection(WAIT);
        Handshake h = session.handshake();
        assertThat(h.uri()).isEqualTo("/v1/relay/connect");
        assertThat(h.header("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(h.header("X-Relay-Id")).isEqualTo("relay-conn");
        assertThat(h.header("X-Relay-Version")).isEqualTo(RelayVersion.get());
        assertThat(h.header("Sec-WebSocket-Extensions")).as("compression stays off").isNull();
        session.call("list_resources", null, WAIT);
        assertThat(harness.relay.isConnected()).isTrue();
    }

    @Test
    void refusedTokenIsRetriedNoFasterThanTheAuthFailureDelay() throws IOException {
        cp = ControlPlaneServer.builder().token(TOKEN).wrongTokenStatus(403).build().start();
        start(yaml(cp.url().toString(), "", ""), "wrong-token");
        long t0 = System.nanoTime();
        List<Handshake> attempts = cp.awaitHandshakes(3, WAIT);
        long elapsedMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(attempts).allMatch(h -> h.status() == 403);
        // two retries after auth failures: each waited at least authFailureDelay (400 ms)
        assertThat(elapsedMs).isGreaterThanOrEqualTo(800);
        assertThat(harness.relay.isConnected()).isFalse();
    }

    @Test
    void reconnectsAfterTheControlPlaneRestarts() throws IOException {
        cp = ControlPlaneServer.builder().token(TOKEN).build().start();
        start(yaml(cp.url().toString(), "", ""), TOKEN);
        RelaySession first = cp.awaitConnection(WAIT);
        cp.stop();
        first.awaitClose(WAIT);
        RelayHarness.sleep(300);
        cp.start();
        RelaySession second = cp.awaitConnection(WAIT);
        assertThat(second).isNotSameAs(first);
        JsonNode result = second.call("list_resources", null, WAIT);
        assertThat(result.path("resources").get(0).path("id").asText()).isEqualTo("fake");
        assertThat(harness.relay.stats().reconnects()).isGreaterThanOrEqualTo(1);
        harness.awaitAudit(a -> "disconnected".equals(a.path("event").asText()) || a.path("msg").asText().contains("isconnect"));
    }

    @Test
    void givesUpAfterExitAfterFailedAttemptsWhenAsked() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        start(yaml("ws://127.0.0.1:" + closedPort + "/v1/relay/connect",
                "  reconnect: {initialDelay: 20ms, maxDelay: 50ms, exitAfterFailedAttempts: 3}", "")
                .replace("  reconnect: {initialDelay: 50ms, maxDelay: 200ms, authFailureDelay: 400ms}\n", ""), TOKEN);
        assertThat(harness.relay.awaitTermination(WAIT)).isTrue();
        assertThat(harness.relay.awaitTermination()).isEqualTo(1);
    }

    @Test
    void describeResourceAndHealthCheck() throws IOException {
        cp = ControlPlaneServer.builder().token(TOKEN).build().start();
        start(yaml(cp.url().toString(), "", ""), TOKEN);
        RelaySession session = cp.awaitConnection(WAIT);
        JsonNode described = session.call("describe_resource", RelayHarness.JSON.createObjectNode().put("resourceId", "fake"), WAIT);
        assertThat(described.path("id").asText()).isEqualTo("fake");
        assertThat(described.path("tables").get(0).path("name").asText()).isEqualTo("users");
        assertThat(described.path("tables").get(0).path("columns").get(0).path("name").asText()).isEqualTo("email");
        JsonNode health = session.call("health_check", null, WAIT);
        assertThat(health.path("resources").get(0).path("status").asText()).isEqualTo("ok");
        assertThat(health.path("resources").get(0).path("connect").asBoolean()).isTrue();
        fake.reachable.put("fake", false);
        JsonNode down = session.call("health_check", RelayHarness.JSON.createObjectNode().put("resourceId", "fake"), WAIT);
        assertThat(down.path("resources").get(0).path("status").asText()).isEqualTo("error");
        assertThat(down.path("resources").get(0).path("error").asText()).isEqualTo("connection refused");
    }

    @Test
    void sendsHeartbeatsWithItsCounters() throws IOException {
        cp = ControlPlaneServer.builder().token(TOKEN).build().start();
        start(yaml(cp.url().toString(), "", ""), TOKEN);
        RelaySession session = cp.awaitConnection(WAIT);
        session.call("execute", RelayHarness.execute("fake", "SELECT email FROM users", "hb-1"), WAIT);
        session.awaitNotification("heartbeat", WAIT);
        JsonNode hb = session.awaitNotification("heartbeat", WAIT).path("params");
        assertThat(hb.path("relayId").asText()).isEqualTo("relay-conn");
        assertThat(hb.path("version").asText()).isEqualTo(RelayVersion.get());
        assertThat(hb.has("uptimeSeconds")).isTrue();
        assertThat(hb.path("stats").path("requestsTotal").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(hb.path("stats").has("inFlight")).isTrue();
        assertThat(hb.path("stats").has("reconnects")).isTrue();
        assertThat(hb.path("stats").path("connectedSince").asText()).isNotEmpty();
    }

    @Test
    void resourceUpdateOnConnectAndOnEveryChange() throws IOException {
        cp = ControlPlaneServer.builder().token(TOKEN).build().start();
        start(yaml(cp.url().toString(), "", ""), TOKEN);
        RelaySession session = cp.awaitConnection(WAIT);
        JsonNode first = session.awaitNotification("resource_update", WAIT).path("params").path("resources").get(0);
        assertThat(first.path("id").asText()).isEqualTo("fake");
        assertThat(first.path("type").asText()).isEqualTo("postgres");
        assertThat(first.path("maxRowsPerQuery").asInt()).isEqualTo(1000);

        fake.reachable.put("fake", false);
        awaitUpdate(session, r -> r.path("status").asText().equals("unreachable"));
        fake.reachable.put("fake", true);
        awaitUpdate(session, r -> r.path("status").asText().equals("reachable"));
        fake.fingerprints.put("fake", "fp-2");
        awaitUpdate(session, r -> r.path("schemaFingerprint").asText().equals("fp-2"));
    }

    static JsonNode awaitUpdate(RelaySession session, java.util.function.Predicate<JsonNode> match) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode r = session.awaitNotification("resource_update", WAIT).path("params").path("resources").get(0);
            if (match.test(r)) {
                return r;
            }
        }
        throw new AssertionError("no matching resource_update");
    }

    static JsonNode awaitUpdateAny(RelaySession session, java.util.function.Predicate<JsonNode> match) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode list = session.awaitNotification("resource_update", WAIT).path("params").path("resources");
            if (match.test(list)) {
                return list;
            }
        }
        throw new AssertionError("no matching resource_update");
    }

    @Test
    void anOversizeMessageClosesWith1009AndTheRelayComesBack() throws IOException {
        cp = ControlPlaneServer.builder().token(TOKEN).build().start();
        start(yaml(cp.url().toString(), "", "limits: {maxRequestBytes: 1KiB}"), TOKEN);
        RelaySession session = cp.awaitConnection(WAIT);
        session.sendText("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"list_resources\",\"params\":{\"pad\":\""
                + "x".repeat(4096) + "\"}}");
        RelaySession.CloseInfo close = session.awaitClose(WAIT);
        assertThat(close.code()).isEqualTo(1009);
        RelaySession again = cp.awaitConnection(WAIT);
        assertThat(again.call("list_resources", null, WAIT).path("resources")).hasSize(1);
    }

    @Test
    void aStalledControlPlaneIsDetectedAndReplaced() throws IOException {
        cp = ControlPlaneServer.builder().token(TOKEN).build().start();
        start(yaml(cp.url().toString(), "", ""), TOKEN);
        RelaySession session = cp.awaitConnection(WAIT);
        session.stall();
        RelaySession next = cp.awaitConnection(WAIT);
        assertThat(next).isNotSameAs(session);
        assertThat(session.pingsReceived()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void goesThroughAnHttpConnectProxy() throws IOException {
        cp = ControlPlaneServer.builder().token(TOKEN).build().start();
        try (ConnectProxy proxy = new ConnectProxy()) {
            start(yaml(cp.url().toString(), "  proxy: http://127.0.0.1:" + proxy.port(), ""), TOKEN);
            RelaySession session = cp.awaitConnection(WAIT);
            assertThat(proxy.requests).hasSize(1);
            assertThat(proxy.requests.get(0)).startsWith("CONNECT 127.0.0.1:" + cp.port() + " HTTP/1.1");
            assertThat(session.call("list_resources", null, WAIT).path("resources")).hasSize(1);
        }
    }

    /** A minimal HTTP CONNECT proxy: one thread per tunnel, bytes copied both ways. */
    static final class ConnectProxy implements AutoCloseable {
        final ServerSocket server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        final List<String> requests = new CopyOnWriteArrayList<>();
        final Thread acceptor;

        ConnectProxy() throws IOException {
            acceptor = new Thread(this::acceptLoop, "test-proxy");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        private void acceptLoop() {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    Thread t = new Thread(() -> tunnel(client), "test-proxy-tunnel");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void tunnel(Socket client) {
            try (client) {
                InputStream in = client.getInputStream();
                StringBuilder head = new StringBuilder();
                while (!head.toString().endsWith("\r\n\r\n")) {
                    int b = in.read();
                    if (b < 0) {
                        return;
                    }
                    head.append((char) b);
                }
                requests.add(head.toString());
                String target = head.toString().split(" ")[1];
                String[] hp = target.split(":");
                try (Socket upstream = new Socket(hp[0], Integer.parseInt(hp[1]))) {
                    OutputStream out = client.getOutputStream();
                    out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    Thread up = new Thread(() -> copy(in, upstream));
                    up.setDaemon(true);
                    up.start();
                    copy(upstream.getInputStream(), client);
                }
            } catch (IOException e) {
                // tunnel closed
            }
        }

        private static void copy(InputStream from, Socket to) {
            try {
                from.transferTo(to.getOutputStream());
            } catch (IOException e) {
                // closed
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}

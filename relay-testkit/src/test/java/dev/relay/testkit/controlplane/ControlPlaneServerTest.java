package dev.relay.testkit.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpClient;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ControlPlaneServerTest {

  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final String TOKEN = "tok-123";
  private final ObjectMapper mapper = new ObjectMapper();
  private ControlPlaneServer server;

  @BeforeEach
  void start() {
    server = ControlPlaneServer.builder().token(TOKEN).build().start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void binds_a_free_loopback_port_and_names_the_url() {
    assertThat(server.port()).isPositive();
    assertThat(server.url().toString()).isEqualTo("ws://127.0.0.1:" + server.port() + "/v1/relay/connect");
  }

  @Test
  void records_handshake_headers_and_matches_responses_by_id() throws Exception {
    try (TestRelayClient client = TestRelayClient.connect(server.url(), TOKEN)) {
      RelaySession relay = server.awaitConnection(WAIT);
      assertThat(relay.handshake().header("x-relay-id")).isEqualTo("relay-test-1");
      assertThat(relay.handshake().header("X-Relay-Version")).isEqualTo("0.1.0");
      assertThat(relay.handshake().header("Authorization")).isEqualTo("Bearer " + TOKEN);
      assertThat(relay.handshake().toString()).doesNotContain(TOKEN);

      ObjectNode params = mapper.createObjectNode().put("resourceId", "main-pg");
      CompletableFuture<JsonNode> first = relay.request("health_check", params);
      CompletableFuture<JsonNode> second = relay.request("list_resources", null);
      JsonNode r1 = mapper.readTree(client.next(WAIT));
      JsonNode r2 = mapper.readTree(client.next(WAIT));
      assertThat(r1.get("method").asText()).isEqualTo("health_check");
      assertThat(r1.get("params").get("resourceId").asText()).isEqualTo("main-pg");
      assertThat(r2.has("params")).isFalse();

      // Answer out of order, the second one inside a batch.
      client.send("[{\"jsonrpc\":\"2.0\",\"id\":" + r2.get("id") + ",\"result\":{\"resources\":[]}}]");
      client.send("{\"jsonrpc\":\"2.0\",\"id\":" + r1.get("id")
          + ",\"error\":{\"code\":-32001,\"message\":\"no\",\"data\":{\"reason\":\"RESOURCE_NOT_FOUND\"}}}");
      assertThat(second.get(5, TimeUnit.SECONDS).get("result").get("resources").isArray()).isTrue();
      assertThat(first.get(5, TimeUnit.SECONDS).get("error").get("code").asInt()).isEqualTo(-32001);
      assertThat(relay.receivedTexts()).hasSize(2);
    }
  }

  @Test
  void call_returns_the_result_or_throws_the_error() throws Exception {
    try (TestRelayClient client = TestRelayClient.connect(server.url(), TOKEN)) {
      RelaySession relay = server.awaitConnection(WAIT);
      Thread answerer = new Thread(() -> {
        try {
          JsonNode ok = mapper.readTree(client.next(WAIT));
          client.send("{\"jsonrpc\":\"2.0\",\"id\":" + ok.get("id") + ",\"result\":{\"n\":1}}");
          JsonNode bad = mapper.readTree(client.next(WAIT));
          client.send("{\"jsonrpc\":\"2.0\",\"id\":" + bad.get("id")
              + ",\"error\":{\"code\":-32003,\"message\":\"Request rejected by policy engine\","
              + "\"data\":{\"reason\":\"QUERY_BLOCKED\",\"detail\":\"DELETE\"}}}");
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      answerer.start();
      assertThat(relay.call("execute", null, WAIT).get("n").asInt()).isEqualTo(1);
      assertThatThrownBy(() -> relay.call("execute", null, WAIT))
          .isInstanceOfSatisfying(JsonRpcErrorException.class, e -> {
            assertThat(e.code()).isEqualTo(-32003);
            assertThat(e.reason()).isEqualTo("QUERY_BLOCKED");
          });
      answerer.join();
    }
  }

  @Test
  void callText_matches_the_response_by_id_and_returns_it_as_sent() throws Exception {
    for (boolean history : new boolean[] {true, false}) {
      try (ControlPlaneServer quiet = ControlPlaneServer.builder().token(TOKEN).recordHistory(history).build().start();
          TestRelayClient client = TestRelayClient.connect(quiet.url(), TOKEN)) {
        RelaySession relay = quiet.awaitConnection(WAIT);
        Thread answerer = new Thread(() -> {
          try {
            JsonNode first = mapper.readTree(client.next(WAIT));
            // a notification and an unrelated response first, then the answer with its id after the result
            client.send("{\"jsonrpc\":\"2.0\",\"method\":\"heartbeat\",\"params\":{\"id\":" + first.get("id") + "}}");
            client.send("{\"jsonrpc\":\"2.0\",\"id\":999,\"result\":{}}");
            client.send("{\"jsonrpc\":\"2.0\",\"result\":{\"rows\":[[1]]},\"id\":" + first.get("id") + "}");
            JsonNode second = mapper.readTree(client.next(WAIT));
            client.send("{\"jsonrpc\":\"2.0\",\"id\":" + second.get("id")
                + ",\"error\":{\"code\":-32003,\"message\":\"no\"}}");
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
        answerer.start();
        String ok = relay.callText("execute", null, WAIT);
        assertThat(mapper.readTree(ok).get("result").get("rows").get(0).get(0).asInt()).isEqualTo(1);
        String error = relay.callText("execute", null, WAIT);
        assertThat(mapper.readTree(error).get("error").get("code").asInt()).isEqualTo(-32003);
        answerer.join();
        assertThat(relay.awaitNotification("heartbeat", WAIT).get("method").asText()).isEqualTo("heartbeat");
        assertThat(relay.receivedTexts()).hasSize(history ? 4 : 0);
      }
    }
  }

  @Test
  void awaits_notifications_by_method_in_order() throws Exception {
    try (TestRelayClient client = TestRelayClient.connect(server.url(), TOKEN)) {
      RelaySession relay = server.awaitConnection(WAIT);
      client.send("{\"jsonrpc\":\"2.0\",\"method\":\"resource_update\",\"params\":{\"resources\":[]}}");
      client.send("{\"jsonrpc\":\"2.0\",\"method\":\"heartbeat\",\"params\":{\"uptimeSeconds\":1}}");
      client.send("{\"jsonrpc\":\"2.0\",\"method\":\"heartbeat\",\"params\":{\"uptimeSeconds\":2}}");
      client.send("not json at all");
      assertThat(relay.awaitNotification("heartbeat", WAIT).get("params").get("uptimeSeconds").asInt()).isEqualTo(1);
      assertThat(relay.awaitNotification("heartbeat", WAIT).get("params").get("uptimeSeconds").asInt()).isEqualTo(2);
      assertThat(relay.awaitNotification("resource_update", WAIT).has("params")).isTrue();
      assertThatThrownBy(() -> relay.awaitNotification("heartbeat", Duration.ofMillis(100)))
          .isInstanceOf(ControlPlaneTimeoutException.class);
      assertThat(relay.notifications("heartbeat")).hasSize(2);
      assertThat(relay.received()).hasSize(4);
      assertThat(relay.received().get(3).asText()).isEqualTo("not json at all");
    }
  }

  @Test
  void refuses_missing_and_wrong_tokens_with_401() {
    assertThat(handshakeStatus("")).isEqualTo(401);
    assertThat(handshakeStatus("wrong")).isEqualTo(401);
    assertThat(server.handshakes()).hasSize(2).allSatisfy(h -> assertThat(h.accepted()).isFalse());
  }

  @Test
  void answers_403_for_a_wrong_token_when_configured() {
    try (ControlPlaneServer strict =
        ControlPlaneServer.builder().token(TOKEN).wrongTokenStatus(403).build().start()) {
      assertThat(handshakeStatus(strict, "wrong")).isEqualTo(403);
    }
  }

  @Test
  void refuses_handshakes_with_an_injected_status_until_told_otherwise() throws Exception {
    server.refuseHandshakes(503);
    assertThat(handshakeStatus(TOKEN)).isEqualTo(503);
    server.acceptHandshakes();
    try (TestRelayClient client = TestRelayClient.connect(server.url(), TOKEN)) {
      assertThat(server.awaitConnection(WAIT).isOpen()).isTrue();
    }
  }

  @Test
  void answers_404_off_the_relay_path() {
    try (ControlPlaneServer other = ControlPlaneServer.builder().token(TOKEN).path("/elsewhere").build().start()) {
      java.net.URI wrong = java.net.URI.create("ws://127.0.0.1:" + other.port() + "/v1/relay/connect");
      assertThatThrownBy(() -> TestRelayClient.connect(wrong, TOKEN))
          .hasCauseInstanceOf(WebSocketHandshakeException.class);
      assertThat(other.handshakes().get(0).status()).isEqualTo(404);
    }
  }

  @Test
  void drop_ends_the_connection_and_restart_reuses_the_port() throws Exception {
    TestRelayClient client = TestRelayClient.connect(server.url(), TOKEN);
    RelaySession first = server.awaitConnection(WAIT);
    first.drop();
    assertThat(first.awaitClose(WAIT).cleanClose()).isFalse();
    client.close();

    int port = server.port();
    server.stop();
    assertThat(server.isRunning()).isFalse();
    assertThatThrownBy(() -> TestRelayClient.connect(server.url(), TOKEN)).isInstanceOf(CompletionException.class);
    server.start();
    assertThat(server.port()).isEqualTo(port);
    try (TestRelayClient again = TestRelayClient.connect(server.url(), TOKEN)) {
      RelaySession second = server.awaitConnection(WAIT);
      assertThat(second).isNotSameAs(first);
      assertThat(server.sessions()).containsExactly(first, second);
    }
  }

  @Test
  void closes_after_n_messages_with_1001() throws Exception {
    server.closeNewConnectionsAfter(2);
    try (TestRelayClient client = TestRelayClient.connect(server.url(), TOKEN)) {
      RelaySession relay = server.awaitConnection(WAIT);
      client.send("{\"jsonrpc\":\"2.0\",\"method\":\"heartbeat\"}");
      client.send("{\"jsonrpc\":\"2.0\",\"method\":\"heartbeat\"}");
      assertThat(client.closed.get(5, TimeUnit.SECONDS)).isEqualTo(1001);
      assertThat(relay.receivedTexts()).hasSize(2);
    }
  }

  @Test
  void a_clean_close_from_the_relay_is_recorded() throws Exception {
    try (TestRelayClient client = TestRelayClient.connect(server.url(), TOKEN)) {
      RelaySession relay = server.awaitConnection(WAIT);
      client.socket.sendClose(1001, "draining").join();
      RelaySession.CloseInfo info = relay.awaitClose(WAIT);
      assertThat(info.code()).isEqualTo(1001);
      assertThat(info.reason()).isEqualTo("draining");
    }
  }

  @Test
  void stall_stops_reading_until_resumed() throws Exception {
    try (TestRelayClient client = TestRelayClient.connect(server.url(), TOKEN)) {
      RelaySession relay = server.awaitConnection(WAIT);
      relay.stall();
      Thread.sleep(50);
      client.send("{\"jsonrpc\":\"2.0\",\"method\":\"heartbeat\"}");
      Thread.sleep(200);
      assertThat(relay.receivedTexts()).isEmpty();
      relay.resume();
      assertThat(relay.awaitNotification("heartbeat", WAIT)).isNotNull();
    }
  }

  @Test
  void reads_slowly() throws Exception {
    try (TestRelayClient client = TestRelayClient.connect(server.url(), TOKEN)) {
      RelaySession relay = server.awaitConnection(WAIT);
      relay.readSlowly(Duration.ofMillis(150));
      long start = System.nanoTime();
      for (int i = 0; i < 4; i++) {
        client.send("{\"jsonrpc\":\"2.0\",\"method\":\"heartbeat\"}");
      }
      for (int i = 0; i < 4; i++) {
        relay.awaitNotification("heartbeat", WAIT);
      }
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    }
  }

  @Test
  void pending_requests_fail_when_the_connection_closes() throws Exception {
    TestRelayClient client = TestRelayClient.connect(server.url(), TOKEN);
    RelaySession relay = server.awaitConnection(WAIT);
    CompletableFuture<JsonNode> pending = relay.request("list_resources", null);
    client.close();
    relay.awaitClose(WAIT);
    assertThatThrownBy(() -> pending.get(5, TimeUnit.SECONDS)).hasMessageContaining("connection closed");
  }

  private int handshakeStatus(String token) {
    return handshakeStatus(server, token);
  }

  private static int handshakeStatus(ControlPlaneServer target, String token) {
    try {
      var builder = HttpClient.newHttpClient().newWebSocketBuilder();
      if (!token.isEmpty()) {
        builder.header("Authorization", "Bearer " + token);
      }
      builder.buildAsync(target.url(), new java.net.http.WebSocket.Listener() {}).join().abort();
      return 101;
    } catch (CompletionException e) {
      if (e.getCause() instanceof WebSocketHandshakeException h) {
        return h.getResponse().statusCode();
      }
      throw e;
    }
  }
}

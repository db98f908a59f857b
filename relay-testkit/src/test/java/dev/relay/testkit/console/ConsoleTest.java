package dev.relay.testkit.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives the console through stdin/stdout as a person would, against a stand-in relay that answers
 * like the real one (the real relay's end-to-end run is in ConsoleWithRelayTest).
 */
class ConsoleTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void prints_the_config_snippet_then_runs_sql_and_mongo_commands() throws Exception {
    String input = String.join("\n",
        "SELECT id, email FROM customers;",
        "mongo customers {\"plan\": \"pro\"}",
        "mongo tickets [{\"$limit\": 1}]",
        "mongo tickets {not json",
        "\\d payments",
        "\\use nope",
        "\\bogus",
        "DELETE FROM customers",
        "\\quit") + "\n";
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> Console.run(
        new String[] {"--port", "0", "--token", "console-test-token", "--wait", "20s"},
        new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out, out));

    URI url = awaitUrl(buffer);
    List<JsonNode> seen = new CopyOnWriteArrayList<>();
    WebSocket relay = StandInRelay.connect(url, "console-test-token", seen);
    assertThat(exit.get(20, java.util.concurrent.TimeUnit.SECONDS)).isZero();
    relay.abort();

    String text = buffer.toString(StandardCharsets.UTF_8);
    assertThat(text).contains("controlPlane:\n  url: ws://127.0.0.1:").contains("token: console-test-token")
        .contains("insecure: true");
    assertThat(text).contains("Relay stand-in-relay (version 9.9.9) connected; 2 resources reachable.");
    assertThat(text).contains("Current SQL resource: main-pg; MongoDB resource: events");
    assertThat(text).contains("| 1  | ***@***.*** |");
    assertThat(text).contains("Not JSON:");
    assertThat(text).contains("No resource 'nope'");
    assertThat(text).contains("Unknown command \\bogus");
    assertThat(text).contains("REJECTED  QUERY_BLOCKED (-32003)");
    assertThat(text).endsWith("Bye.\n");

    List<JsonNode> executes = seen.stream().filter(m -> m.path("method").asText().equals("execute")).toList();
    assertThat(executes.get(0).get("params").get("query").asText()).isEqualTo("SELECT id, email FROM customers");
    assertThat(executes.get(0).get("params").get("resourceId").asText()).isEqualTo("main-pg");
    assertThat(executes.get(1).get("params").get("filter").get("plan").asText()).isEqualTo("pro");
    assertThat(executes.get(1).get("params").get("resourceId").asText()).isEqualTo("events");
    assertThat(executes.get(2).get("params").get("pipeline").isArray()).isTrue();
    assertThat(executes.get(3).get("params").get("operation").asText()).isEqualTo("describe_table");
    assertThat(executes.get(3).get("params").get("table").asText()).isEqualTo("payments");
  }

  @Test
  void rewrites_only_the_control_plane_section_of_a_config(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("my-relay.yaml");
    Files.writeString(config, """
        relayId: mine
        controlPlane:
          url: wss://control.example.com/v1/relay/connect
          token: ${RELAY_TOKEN}
          heartbeatInterval: 10s
        resources:
          - id: main-pg
            type: postgres
            connection: {url: "jdbc:postgresql://db:5432/app", username: relay_ro, password: "${PG_PASSWORD}"}
        """);
    try (var server = dev.relay.testkit.controlplane.ControlPlaneServer.builder().token("t").build().start()) {
      Path rewritten = Console.rewriteConfig(config, server, "t", dir);
      String yaml = Files.readString(rewritten);
      assertThat(yaml).contains("url: " + server.url()).contains("token: t").contains("insecure: true")
          .contains("heartbeatInterval: 10s").contains("${PG_PASSWORD}").contains("relayId: mine")
          .doesNotContain("control.example.com");
    }
  }

  @Test
  void reports_usage_errors_with_exit_code_2() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Console.run(new String[] {"--port", "x"}, InputStreamNull.INSTANCE, new PrintStream(new ByteArrayOutputStream()),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--port: not a number");
  }

  private static URI awaitUrl(ByteArrayOutputStream buffer) throws InterruptedException {
    Pattern p = Pattern.compile("url: (ws://127\\.0\\.0\\.1:\\d+/v1/relay/connect)");
    for (int i = 0; i < 200; i++) {
      Matcher m = p.matcher(buffer.toString(StandardCharsets.UTF_8));
      if (m.find()) {
        return URI.create(m.group(1));
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the console printed no URL:\n" + buffer.toString(StandardCharsets.UTF_8));
  }

  static final class InputStreamNull {
    static final java.io.InputStream INSTANCE = java.io.InputStream.nullInputStream();
  }

  /** Answers like a relay with a postgres resource "main-pg" and a mongodb resource "events". */
  static final class StandInRelay implements WebSocket.Listener {
    private final List<JsonNode> seen;
    private final StringBuilder partial = new StringBuilder();

    private StandInRelay(List<JsonNode> seen) {
      this.seen = seen;
    }

    static WebSocket connect(URI url, String token, List<JsonNode> seen) {
      return HttpClient.newHttpClient().newWebSocketBuilder()
          .header("Authorization", "Bearer " + token)
          .header("X-Relay-Id", "stand-in-relay")
          .header("X-Relay-Version", "9.9.9")
          .buildAsync(url, new StandInRelay(seen)).join();
    }

    @Override
    public void onOpen(WebSocket ws) {
      ws.sendText("{\"jsonrpc\":\"2.0\",\"method\":\"resource_update\",\"params\":{\"resources\":["
          + "{\"id\":\"main-pg\",\"type\":\"postgres\",\"status\":\"reachable\"},"
          + "{\"id\":\"events\",\"type\":\"mongodb\",\"status\":\"reachable\"}]}}", true);
      ws.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        try {
          JsonNode request = JSON.readTree(partial.toString());
          partial.setLength(0);
          seen.add(request);
          ws.sendText(answer(request), true);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
      ws.request(1);
      return null;
    }

    private static String answer(JsonNode request) {
      String id = request.get("id").toString();
      String method = request.get("method").asText();
      JsonNode params = request.path("params");
      String result;
      if (method.equals("list_resources")) {
        result = "{\"resources\":[{\"id\":\"main-pg\",\"type\":\"postgres\",\"status\":\"reachable\"},"
            + "{\"id\":\"events\",\"type\":\"mongodb\",\"status\":\"reachable\"}]}";
      } else if (params.path("query").asText().startsWith("DELETE")) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"error\":{\"code\":-32003,\"message\":\"Request rejected by"
            + " policy engine\",\"data\":{\"reason\":\"QUERY_BLOCKED\",\"detail\":\"DELETE\"}}}";
      } else if (params.has("query")) {
        result = "{\"columns\":[{\"name\":\"id\",\"type\":\"int8\"},{\"name\":\"email\",\"type\":\"text\"}],"
            + "\"rows\":[[1,\"***@***.***\"]],\"metadata\":{\"rowCount\":1,\"clamped\":false,\"maskedFieldCount\":1}}";
      } else if (params.has("collection")) {
        result = "{\"documents\":[{\"_id\":\"x\",\"email\":\"***@***.***\"}],\"metadata\":{\"rowCount\":1}}";
      } else {
        result = "{\"table\":\"payments\",\"columns\":[{\"name\":\"id\",\"type\":\"int8\"}]}";
      }
      return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":" + result + "}";
    }
  }
}

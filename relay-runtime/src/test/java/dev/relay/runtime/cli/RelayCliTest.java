package dev.relay.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RelayCliTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
        List<JsonNode> jsonLines() throws IOException {
            List<JsonNode> nodes = new java.util.ArrayList<>();
            for (String line : out.split("\n")) {
                if (!line.isBlank()) {
                    nodes.add(JSON.readTree(line));
                }
            }
            return nodes;
        }
    }

    private Run run(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> env = Map.of("RELAY_TOKEN", "secret-token-1", "PG_PASSWORD", "pg-secret");
        int code = RelayCli.execute(new CliIo(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                env::get), args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path config(String yaml) throws IOException {
        Path f = dir.resolve("relay-config.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    private Path goodConfig() throws IOException {
        return config("""
                relayId: relay-cli
                controlPlane:
                  url: wss://cp.example.com
                  token: ${RELAY_TOKEN}
                resources:
                  - id: main-pg
                    type: postgres
                    connection: {url: "jdbc:postgresql://127.0.0.1:1/app", username: relay_ro, password: "${PG_PASSWORD}"}
                    maxRowsPerQuery: 50
                """);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "run", "validate-config", "check", "policy", "mask", "audit", "audit verify", "version"})
    void helpEverywhereExitsZero(String command) {
        List<String> args = new java.util.ArrayList<>(command.isEmpty() ? List.of() : List.of(command.split(" ")));
        args.add("--help");
        Run r = run("", args.toArray(String[]::new));
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("Usage: relay");
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(run("", "no-such-command").code()).isEqualTo(2);
        assertThat(run("", "validate-config").code()).isEqualTo(2);
        assertThat(run("", "policy", "--config").code()).isEqualTo(2);
    }

    @Test
    void version() {
        Run r = run("", "version");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("relay ");
    }

    @Test
    void validateConfigAcceptsAGoodFileAndNeverPrintsSecrets() throws IOException {
        Run r = run("", "validate-config", "--config", goodConfig().toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("ok").contains("relay-cli").doesNotContain("secret-token-1").doesNotContain("pg-secret");
    }

    @Test
    void validateConfigListsEveryProblemWithItsPlace() throws IOException {
        Path f = config("""
                controlPlane:
                  url: wss://cp.example.com
                  token: ${RELAY_TOKEN}
                  heartbeat: 30s
                resources:
                  - id: main-pg
                    type: postgres
                    connection: {url: "mysql://x", username: u, password: "${PG_PASSWORD}"}
                    maxRowsPerQuery: -1
                  - id: other
                    type: oracle
                masking:
                  detectors: {email: {strategy: nonsense}}
                """);
        Run r = run("", "validate-config", "--config", f.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err())
                .contains(f + ":4:3: controlPlane.heartbeat: unknown key")
                .contains(f + ":9:22: resources[0].maxRowsPerQuery: must be between 1 and 1000000")
                .contains("resources[0].connection.url")
                .contains("resources[1].type: unknown resource type 'oracle'")
                .contains("masking.detectors")
                .doesNotContain("pg-secret").doesNotContain("secret-token-1");
    }

    /**
     * "No database is contacted": both databases point at a listening socket that must never see
     * a connection, although a MongoDB client would start monitoring its hosts the moment it is
     * created and a connection pool might fill itself.
     */
    @Test
    void validateConfigAndPolicyNeverTouchTheDatabases() throws IOException {
        try (java.net.ServerSocket db = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            int port = db.getLocalPort();
            Path cfg = config("""
                    relayId: relay-cli
                    controlPlane:
                      url: wss://cp.example.com
                      token: ${RELAY_TOKEN}
                    resources:
                      - id: main-pg
                        type: postgres
                        connection: {url: "jdbc:postgresql://127.0.0.1:%1$d/app", username: relay_ro, password: "${PG_PASSWORD}"}
                        pool: {minIdle: 2}
                      - id: events
                        type: mongodb
                        connection: {uri: "mongodb://127.0.0.1:%1$d", database: app}
                    """.formatted(port));
            assertThat(run("", "validate-config", "--config", cfg.toString()).code()).isZero();
            Run mongo = run("{\"operation\":\"query\",\"collection\":\"orders\",\"filter\":{}}\n",
                    "policy", "--config", cfg.toString(), "--resource", "events");
            assertThat(mongo.jsonLines()).singleElement().satisfies(d -> assertThat(d.path("decision").asText()).isEqualTo("allow"));
            Run pg = run("{\"operation\":\"query\",\"query\":\"SELECT 1\"}\n",
                    "policy", "--config", cfg.toString(), "--resource", "main-pg");
            assertThat(pg.jsonLines()).singleElement().satisfies(d -> assertThat(d.path("decision").asText()).isEqualTo("allow"));
            db.setSoTimeout(1500);
            org.assertj.core.api.Assertions.assertThatThrownBy(db::accept)
                    .as("a connection reached the database port").isInstanceOf(java.net.SocketTimeoutException.class);
        }
    }

    @Test
    void policyDryRunDecidesLineByLine() throws IOException {
        String in = """
                {"operation":"query","query":"SELECT id, email FROM users"}
                {"operation":"query","query":"DELETE FROM users"}
                this is not json
                {"operation":"drop_everything"}
                {"operation":"query","query":"SELECT 1; DROP TABLE users"}
                {"operation":"query","query":"SELECT * FROM ROWS FROM (x())"}
                """;
        Run r = run(in, "policy", "--config", goodConfig().toString(), "--resource", "main-pg");
        assertThat(r.code()).as(r.err()).isZero();
        List<JsonNode> lines = r.jsonLines();
        assertThat(lines).hasSize(6);
        // a parse error names the token, and the name survives the masking of error text
        assertThat(lines.get(5).path("detail").asText())
                .isEqualTo("query could not be parsed: unexpected \"FROM\" at line 1, column 20");
        assertThat(lines.get(0).path("decision").asText()).isEqualTo("allow");
        assertThat(lines.get(0).path("query").asText()).containsIgnoringCase("LIMIT");
        assertThat(lines.get(0).path("maxRows").asInt()).isEqualTo(50);
        assertThat(lines.get(1).path("decision").asText()).isEqualTo("reject");
        assertThat(lines.get(1).path("reason").asText()).isEqualTo("QUERY_BLOCKED");
        assertThat(lines.get(2).path("reason").asText()).isEqualTo("INVALID_INPUT");
        assertThat(lines.get(3).path("decision").asText()).isEqualTo("reject");
        assertThat(lines.get(4).path("reason").asText()).isEqualTo("QUERY_BLOCKED");
    }

    @Test
    void maskTextAndJson() {
        Run text = run("write to ana@example.com today\nnothing here\n", "mask");
        assertThat(text.code()).isZero();
        assertThat(text.out()).isEqualTo("write to ***@***.*** today\nnothing here\n");
        Run json = run("{\"email\":\"ana@example.com\",\"n\":1}\nnot json\n", "mask", "--json");
        assertThat(json.code()).isEqualTo(1);
        assertThat(json.out()).isEqualTo("{\"email\":\"***@***.***\",\"n\":1}\n");
        assertThat(json.err()).contains("line 2: not valid JSON");
    }
}

package dev.relay.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relay.policy.Operation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RelayConfigLoaderTest {

    private static final Map<String, String> ENV = Map.of("RELAY_TOKEN", "tok-123", "PG_PASSWORD", "pw-secret",
            "MAX_ROWS", "250");

    private final RelayConfigLoader loader = RelayConfigLoader.create().withEnvironment(ENV::get).withHostName(() -> "host-1");

    private static final String SPEC_EXAMPLE = """
            relayId: relay-eu-1
            controlPlane:
              url: wss://control.example.com/v1/relay/connect
              token: ${RELAY_TOKEN}
              proxy: http://proxy:3128
              insecure: false
              heartbeatInterval: 30s
            limits: {maxConcurrentRequests: 16, queueSize: 64, maxRequestBytes: 1MiB}
            resources:
              - id: main-pg
                type: postgres
                connection: {url: "jdbc:postgresql://db:5432/app", username: relay_ro, password: "${PG_PASSWORD}"}
                allowedOperations: [query, describe_table, list_tables, explain]
                maxRowsPerQuery: 1000
                maxResponseBytes: 16MiB
                statementTimeout: 30s
                pool: {maxSize: 5}
                tables: {allow: ["public.*"], deny: ["public.secrets"]}
              - id: events
                type: mongodb
                connection: {uri: "mongodb://m:27017", database: events}
                allowedOperations: [query, list_tables]
            masking: {}
            audit: {}
            """;

    @Test
    void readsTheSpecExample() {
        RelayConfig c = loader.parse(SPEC_EXAMPLE, "relay-config.yaml");
        assertThat(c.relayId()).isEqualTo("relay-eu-1");
        assertThat(c.controlPlane().url().toString()).isEqualTo("wss://control.example.com/v1/relay/connect");
        assertThat(c.controlPlane().token().reveal()).isEqualTo("tok-123");
        assertThat(c.controlPlane().token().toString()).isEqualTo("******");
        assertThat(c.controlPlane().proxy()).isNotNull();
        assertThat(c.controlPlane().proxy().host()).isEqualTo("proxy");
        assertThat(c.controlPlane().proxy().port()).isEqualTo(3128);
        assertThat(c.controlPlane().heartbeatInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.limits().maxRequestBytes()).isEqualTo(1024 * 1024);
        assertThat(c.limits().queueSize()).isEqualTo(64);
        assertThat(c.resources()).hasSize(2);
        RelayConfig.Resource pg = c.resources().get(0);
        assertThat(pg.connection()).containsEntry("password", "pw-secret").containsEntry("username", "relay_ro");
        assertThat(pg.pool()).containsEntry("maxSize", 5);
        assertThat(pg.maxResponseBytes()).isEqualTo(16L * 1024 * 1024);
        assertThat(pg.tablesDeny()).containsExactly("public.secrets");
        assertThat(c.resources().get(1).allowedOperations()).containsExactlyInAnyOrder(Operation.QUERY, Operation.LIST_TABLES);
        assertThat(c.toString()).doesNotContain("pw-secret").doesNotContain("tok-123");
    }

    @Test
    void defaults() {
        RelayConfig c = loader.parse("""
                controlPlane: {url: "wss://cp.example.com", token: abc}
                """, "f.yaml");
        assertThat(c.relayId()).isEqualTo("host-1");
        assertThat(c.controlPlane().url().getPath()).isEqualTo("/v1/relay/connect");
        assertThat(c.controlPlane().reconnect().initialDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.controlPlane().reconnect().maxDelay()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.limits().maxConcurrentRequests()).isEqualTo(16);
        assertThat(c.limits().shutdownGracePeriod()).isEqualTo(Duration.ofSeconds(25));
        assertThat(c.controlPlane().tls().protocols()).containsExactly("TLSv1.3", "TLSv1.2");
    }

    @Test
    void substitutedPlainScalarsAreTypedAgain() {
        RelayConfig c = loader.parse("""
                controlPlane: {url: "wss://cp", token: abc}
                resources:
                  - id: a
                    type: postgres
                    maxRowsPerQuery: ${MAX_ROWS}
                """, "f.yaml");
        assertThat(c.resources().get(0).maxRowsPerQuery()).isEqualTo(250);
    }

    @Test
    void fileSubstitutionReadsSecretsWithoutTheTrailingNewline(@TempDir Path dir) throws IOException {
        Path secret = dir.resolve("token");
        Files.writeString(secret, "from-file\n");
        RelayConfig c = loader.parse("controlPlane: {url: \"wss://cp\", token: \"${file:" + secret + "}\"}\n", "f.yaml");
        assertThat(c.controlPlane().token().reveal()).isEqualTo("from-file");
    }

    @Test
    void reportsEveryProblemAtOnceWithFileLineAndColumn() {
        String yaml = """
                relayId: r1
                controlPlane:
                  url: ws://cp.example.com
                  token: ${NOT_SET}
                  heartbeatInterval: often
                limits:
                  maxConcurrentRequests: many
                  queueSize: 64
                  maxRequestByte: 1MiB
                resources:
                  - id: main-pg
                    type: postgres
                    maxRowsPerQuery: 0
                    allowedOperations: [query, drop]
                  - id: main-pg
                    type: postgres
                """;
        assertThatThrownBy(() -> loader.parse(yaml, "relay-config.yaml"))
                .isInstanceOfSatisfying(RelayConfigException.class, e -> {
                    List<String> lines = e.problems().stream().map(ConfigProblem::toString).toList();
                    assertThat(lines).contains(
                            "relay-config.yaml:3:8: controlPlane.url: ws:// sends the token in clear text; use wss:// or set "
                                    + "controlPlane.insecure: true (local use only)",
                            "relay-config.yaml:4:10: controlPlane.token: environment variable NOT_SET is not set",
                            "relay-config.yaml:5:22: controlPlane.heartbeatInterval: expected a duration such as 500ms, 30s, 5m or 1h",
                            "relay-config.yaml:7:26: limits.maxConcurrentRequests: expected an integer, got a string",
                            "relay-config.yaml:9:3: limits.maxRequestByte: unknown key (did you mean 'maxRequestBytes'?)",
                            "relay-config.yaml:13:22: resources[0].maxRowsPerQuery: must be between 1 and 1000000",
                            "relay-config.yaml:15:9: resources[1].id: duplicate resource id");
                    assertThat(lines).anyMatch(l -> l.startsWith("relay-config.yaml:14:24: resources[0].allowedOperations: unknown operation 'drop'"));
                    assertThat(e.getMessage()).doesNotContain("often");
                });
    }

    @Test
    void secretsNeverAppearInProblems() {
        assertThatThrownBy(() -> loader.parse("""
                controlPlane: {url: "wss://cp", token: [pw-secret]}
                """, "f.yaml"))
                .isInstanceOfSatisfying(RelayConfigException.class, e -> {
                    assertThat(e.problems()).hasSize(1);
                    assertThat(e.problems().get(0).toString()).contains("controlPlane.token: expected a string, got a list");
                });
    }

    @Test
    void invalidYamlIsPlaced() {
        assertThatThrownBy(() -> loader.parse("controlPlane:\n  url: [unclosed\n", "f.yaml"))
                .isInstanceOfSatisfying(RelayConfigException.class,
                        e -> assertThat(e.problems().get(0).toString()).startsWith("f.yaml:").contains("invalid YAML"));
    }

    @Test
    void proxyFromTheEnvironmentHonoursNoProxy() {
        RelayConfigLoader withProxy = RelayConfigLoader.create()
                .withEnvironment(Map.of("HTTPS_PROXY", "http://user:p%40ss@proxy.corp:8080", "NO_PROXY", "localhost,.internal")::get);
        RelayConfig viaProxy = withProxy.parse("controlPlane: {url: \"wss://cp.example.com\", token: t}\n", "f");
        assertThat(viaProxy.controlPlane().proxy()).isNotNull();
        assertThat(viaProxy.controlPlane().proxy().host()).isEqualTo("proxy.corp");
        assertThat(viaProxy.controlPlane().proxy().password().reveal()).isEqualTo("p@ss");
        assertThat(viaProxy.controlPlane().proxy().toString()).doesNotContain("p@ss");
        RelayConfig bypassed = withProxy.parse("controlPlane: {url: \"wss://cp.internal\", token: t}\n", "f");
        assertThat(bypassed.controlPlane().proxy()).isNull();
        RelayConfig off = withProxy.parse("controlPlane: {url: \"wss://cp.example.com\", token: t, proxy: none}\n", "f");
        assertThat(off.controlPlane().proxy()).isNull();
    }

    @Test
    void sectionChecksOfOtherModulesArePlacedInTheFile() {
        RelayConfigLoader checked = loader.withCheck("masking",
                (config, section, values) -> values.containsKey("custom") ? List.of("custom[0].regex: is not a valid pattern") : List.of());
        assertThatThrownBy(() -> checked.parse("""
                controlPlane: {url: "wss://cp", token: t}
                masking:
                  custom:
                    - name: x
                      regex: "("
                """, "f.yaml"))
                .isInstanceOfSatisfying(RelayConfigException.class, e -> assertThat(e.problems().get(0).toString())
                        .isEqualTo("f.yaml:5:14: masking.custom[0].regex: is not a valid pattern"));
    }
}

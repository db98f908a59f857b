package dev.relay.testkit.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relay.runtime.RelayConfig;
import dev.relay.runtime.RelayConfigLoader;
import dev.relay.runtime.RelayRuntime;
import dev.relay.testkit.db.PostgresFixture;
import dev.relay.testkit.sample.SampleData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The example of docs/quickstart.md's "Testing with Relay's own tools", kept compiling and passing here. */
class TestingWithTheTestkitExampleTest {

  @RegisterExtension
  static final ControlPlaneExtension controlPlane = ControlPlaneExtension.withToken("test-token");

  @Test
  void masks_customer_emails(@TempDir Path dir) throws Exception {
    PostgresFixture pg = PostgresFixture.shared();
    String db = pg.createDatabase("example");
    SampleData.generate().loadPostgres(pg.superuserDataSource(db));

    Path config = dir.resolve("relay-config.yaml");
    Files.writeString(config, """
        controlPlane: {url: "%s", token: test-token, insecure: true}
        resources:
          - id: main-pg
            type: postgres
            connection: {url: "%s", username: %s, password: "%s"}
        audit: {sink: stdout}
        """.formatted(controlPlane.url(), pg.jdbcUrl(db), pg.user(), pg.password()));
    RelayConfig relayConfig = RelayConfigLoader.create().load(config);

    try (RelayRuntime relay = RelayRuntime.builder(relayConfig).auditOut(java.io.OutputStream.nullOutputStream())
        .build().start()) {
      RelaySession session = controlPlane.awaitConnection(Duration.ofSeconds(30));
      JsonNode params = new ObjectMapper().readTree("""
          {"resourceId": "main-pg", "operation": "query",
           "query": "SELECT email FROM customers ORDER BY id LIMIT 3"}""");
      JsonNode result = session.call("execute", params, Duration.ofSeconds(30));

      assertThat(result.get("rows").get(0).get(0).asText()).isEqualTo("***@***.***");
      assertThat(session.handshake().header("Authorization")).isEqualTo("Bearer test-token");
    }
  }
}

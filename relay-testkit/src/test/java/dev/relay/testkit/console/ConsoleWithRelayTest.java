package dev.relay.testkit.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.testkit.db.MongoFixture;
import dev.relay.testkit.db.PostgresFixture;
import dev.relay.testkit.sample.SampleData;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console as a new user tries it: their own relay-config.yaml (pointing at some remote control
 * plane), {@code console --config}, then SQL and MongoDB queries typed on stdin, masked tables on
 * stdout, all against a real relay, PostgreSQL and the MongoDB server.
 */
class ConsoleWithRelayTest {

  @Test
  void a_new_user_queries_their_own_database_through_a_real_relay(@TempDir Path dir) throws Exception {
    SampleData data = SampleData.generate(42, new SampleData.Size(20, 30, 10, 20));
    PostgresFixture pg = PostgresFixture.shared();
    String db = pg.createDatabase("console");
    data.loadPostgres(pg.superuserDataSource(db));
    try (MongoFixture mongo = MongoFixture.create(MongoFixture.Backend.IN_MEMORY)) {
      data.loadMongo(mongo.connectionString(), "support");
      Path config = dir.resolve("my-relay.yaml");
      Files.writeString(config, """
          relayId: my-laptop
          controlPlane:
            url: wss://control.example.com/v1/relay/connect
            token: ${RELAY_TOKEN}
          resources:
            - id: app-db
              type: postgres
              connection: {url: "%s", username: %s, password: "%s"}
              maxRowsPerQuery: 5
            - id: events
              type: mongodb
              connection: {uri: "%s", database: support}
          """.formatted(pg.jdbcUrl(db), pg.user(), pg.password(), mongo.connectionString()));
      String email = data.customers().get(0).email();
      String input = String.join("\n",
          "SELECT id, email, cpf FROM customers ORDER BY id;",
          "SELECT id FROM orders",
          "DELETE FROM customers",
          "mongo customers {\"_id\": \"cus_0001\"}",
          "\\tables",
          "\\audit",
          "\\quit") + "\n";
      ByteArrayOutputStream buffer = new ByteArrayOutputStream();
      PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
      int code = Console.run(new String[] {"--config", config.toString(), "--port", "0", "--wait", "60s"},
          new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out, out);
      String text = buffer.toString(StandardCharsets.UTF_8);
      System.out.println(text);

      assertThat(code).as(text).isZero();
      assertThat(text).contains("Relay my-laptop").contains("Current SQL resource: app-db; MongoDB resource: events");
      assertThat(text).contains("***@***.***").contains("***.***.***-**").doesNotContain(email);
      assertThat(text).contains("CLAMPED by rows (maxRows 5)");
      assertThat(text).contains("REJECTED  QUERY_BLOCKED (-32003)");
      assertThat(text).contains("| cus_0001 |");
      assertThat(text).contains("[app-db]").contains("[events]");
      assertThat(text).contains("2 resources reachable").contains("| reachable |");
      assertThat(text).contains("| Request rejected ").contains("QUERY_BLOCKED");
      assertThat(Files.readString(config)).contains("control.example.com"); // the user's file is untouched
    }
  }
}

package dev.relay.testkit.demo;

import dev.relay.testkit.controlplane.ControlPlaneServer;
import dev.relay.testkit.controlplane.ControlPlaneTimeoutException;
import dev.relay.testkit.controlplane.RelaySession;
import dev.relay.testkit.db.MongoFixture;
import dev.relay.testkit.db.PostgresFixture;
import dev.relay.testkit.sample.SampleData;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Everything the demo runs on: embedded PostgreSQL and the in-process MongoDB server loaded with
 * {@link SampleData}, a least-privilege PostgreSQL role, the local control plane, a relay config
 * file and the relay itself. Closing it stops all of them, the relay first.
 */
public final class DemoEnvironment implements AutoCloseable {

  static final String PG_RESOURCE = "shop-pg";
  static final String MONGO_RESOURCE = "support-mongo";
  static final String MONGO_DATABASE = "support";
  static final String PG_ROLE = "relay_demo_ro";
  static final int MAX_ROWS = 8;

  final Path work;
  final SampleData data;
  final Path config;
  final Path auditFile;
  final Path auditPublicKey;
  private final PrintStream out;
  private @Nullable PostgresFixture postgres;
  private @Nullable MongoFixture mongo;
  private @Nullable ControlPlaneServer controlPlane;
  private @Nullable LocalRelay relay;
  private @Nullable RelaySession session;
  private @Nullable String database;

  private DemoEnvironment(Path work, PrintStream out) {
    this.work = work;
    this.out = out;
    this.data = SampleData.generate();
    this.config = work.resolve("relay-config.yaml");
    this.auditFile = work.resolve("audit.jsonl");
    this.auditPublicKey = work.resolve("audit-public-key.pem");
  }

  static DemoEnvironment start(Path work, PrintStream out, SecureRandom random) {
    DemoEnvironment env = new DemoEnvironment(work, out);
    try {
      env.startAll(random);
      return env;
    } catch (RuntimeException e) {
      env.close();
      throw e;
    }
  }

  private void startAll(SecureRandom random) {
    long t = System.nanoTime();
    out.print("  PostgreSQL ............ ");
    out.flush();
    PostgresFixture pg = PostgresFixture.startPrivate();
    postgres = pg;
    String db = pg.createDatabase("shop");
    database = db;
    data.loadPostgres(pg.superuserDataSource(db));
    String rolePassword = hex(random, 16);
    pg.executeIn(db,
        "CREATE ROLE " + PG_ROLE + " LOGIN PASSWORD '" + rolePassword + "'",
        "ALTER ROLE " + PG_ROLE + " SET default_transaction_read_only = on",
        "GRANT CONNECT ON DATABASE " + db + " TO " + PG_ROLE,
        "GRANT USAGE ON SCHEMA public TO " + PG_ROLE,
        "GRANT SELECT ON customers, orders, payments, support_tickets, events TO " + PG_ROLE);
    out.printf(Locale.ROOT, "%s, %s (%d tables, role %s with SELECT only) %s%n", pg.mode().name().toLowerCase(Locale.ROOT),
        pg.jdbcUrl(db), SampleData.postgresTables().size(), PG_ROLE, took(t));

    t = System.nanoTime();
    out.print("  MongoDB ............... ");
    out.flush();
    MongoFixture m = MongoFixture.create(MongoFixture.Backend.IN_MEMORY);
    mongo = m;
    data.loadMongo(m.connectionString(), MONGO_DATABASE);
    out.printf(Locale.ROOT, "in-process, %s/%s (%s) %s%n", m.connectionString(), MONGO_DATABASE,
        String.join(", ", SampleData.mongoCollections()), took(t));
    out.printf(Locale.ROOT, "  Sample data ........... %d customers, %d orders, %d payments, %d tickets, %d events%n",
        data.customers().size(), data.orders().size(), data.payments().size(), data.tickets().size(),
        data.events().size());

    String token = hex(random, 24);
    ControlPlaneServer cp = ControlPlaneServer.builder().token(token).build().start();
    controlPlane = cp;
    out.printf(Locale.ROOT, "  Control plane ......... %s (bearer token required)%n", cp.url());

    writeConfig(cp, token, pg, db, rolePassword, m);
    t = System.nanoTime();
    out.print("  Relay ................. ");
    out.flush();
    relay = LocalRelay.start(config);
    session = cp.awaitConnection(Duration.ofSeconds(30));
    out.printf(Locale.ROOT, "connected as %s, version %s, %s %s%n", session.handshake().header("X-Relay-Id"),
        session.handshake().header("X-Relay-Version"), awaitReachable(session, Duration.ofSeconds(20)), took(t));
    out.printf(Locale.ROOT, "  Relay config .......... %s%n", config);
  }

  private void writeConfig(ControlPlaneServer cp, String token, PostgresFixture pg, String db, String rolePassword,
      MongoFixture m) {
    String yaml = """
        # Written by the Relay demo. Every key is documented in docs/configuration.md.
        relayId: demo-relay
        controlPlane:
          url: %s
          token: %s
          insecure: true              # plain ws:// on loopback only; real deployments use wss://
          heartbeatInterval: 5s
        resources:
          - id: %s
            type: postgres
            connection:
              url: "%s"
              username: %s
              password: "%s"
            allowedOperations: [query, describe_table, list_tables, explain]
            maxRowsPerQuery: %d
            statementTimeout: 5s
            tables:
              deny: ["public.internal_api_keys"]
          - id: %s
            type: mongodb
            connection:
              uri: "%s"
              database: %s
            allowedOperations: [query, describe_table, list_tables]
            maxRowsPerQuery: %d
        logging:
          level: warn
        audit:
          sink: file
          file:
            path: "%s"
          tamperEvidence: signed
          signing:
            mode: record
            publicKeyOut: "%s"
        """.formatted(cp.url(), token, PG_RESOURCE, pg.jdbcUrl(db), PG_ROLE, rolePassword, MAX_ROWS,
        MONGO_RESOURCE, m.connectionString(), MONGO_DATABASE, MAX_ROWS, yamlPath(auditFile), yamlPath(auditPublicKey));
    try {
      Files.writeString(config, yaml, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + config, e);
    }
  }

  private static String yamlPath(Path p) {
    return p.toAbsolutePath().toString().replace("\\", "/");
  }

  RelaySession relay() {
    RelaySession s = session;
    if (s == null) {
      throw new IllegalStateException("the relay is not connected");
    }
    return s;
  }

  PostgresFixture postgres() {
    PostgresFixture p = postgres;
    if (p == null) {
      throw new IllegalStateException("PostgreSQL is not running");
    }
    return p;
  }

  String database() {
    String d = database;
    if (d == null) {
      throw new IllegalStateException("PostgreSQL is not running");
    }
    return d;
  }

  /** Stops the relay (SIGTERM: it drains, closes with 1001 and flushes its audit trail). */
  void stopRelay() {
    LocalRelay r = relay;
    relay = null;
    if (r != null) {
      r.close();
    }
  }

  @Override
  public void close() {
    stopRelay();
    if (controlPlane != null) {
      controlPlane.close();
    }
    if (mongo != null) {
      mongo.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  private static String hex(SecureRandom random, int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  /** Waits for a {@code resource_update} in which every resource is reachable; says how it went. */
  public static String awaitReachable(RelaySession session, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return "resources not all reachable yet";
      }
      com.fasterxml.jackson.databind.JsonNode update;
      try {
        update = session.awaitNotification("resource_update", Duration.ofNanos(left));
      } catch (ControlPlaneTimeoutException e) {
        return "resources not all reachable yet";
      }
      com.fasterxml.jackson.databind.JsonNode resources = update.path("params").path("resources");
      boolean all = resources.size() > 0;
      for (com.fasterxml.jackson.databind.JsonNode r : resources) {
        all &= r.path("status").asText().equals("reachable");
      }
      if (all) {
        return resources.size() + " resources reachable";
      }
    }
  }

  static String took(long startNanos) {
    return String.format(Locale.ROOT, "[%.1f s]", (System.nanoTime() - startNanos) / 1e9);
  }
}

package dev.relay.testkit.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.relay.testkit.console.Console;
import dev.relay.testkit.controlplane.RelaySession;
import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The demo: {@code java -jar relay-testkit/target/relay-demo.jar}. Starts embedded PostgreSQL and
 * the in-process MongoDB server loaded with the sample PII data set, the local control plane and a
 * relay, then plays a scripted session and prints every request and reply as a table: the
 * resources, a SELECT with masked PII, a clamped query, a blocked DELETE, a blocked
 * {@code pg_read_file}, a MongoDB aggregate with masking, {@code describe_table}, and the audit
 * trail with {@code audit verify}. Exits 0 when every step behaved as expected.
 *
 * <p>{@code relay-demo.jar console [options]} starts the {@link Console} instead.
 */
public final class Demo {

  private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(20);

  private final PrintStream out;
  private final SecureRandom random;
  private final ObjectMapper json = new ObjectMapper();
  private final TablePrinter printer = new TablePrinter(44);
  private final List<String> failures = new ArrayList<>();
  private int step;

  Demo(PrintStream out, SecureRandom random) {
    this.out = out;
    this.random = random;
  }

  public static void main(String[] args) {
    PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
    System.exit(run(args, System.in, out, err));
  }

  /** Runs the demo (no arguments) or the console ({@code console ...}); returns the exit code. */
  public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
    if (args.length > 0 && args[0].equals("console")) {
      return Console.run(Arrays.copyOfRange(args, 1, args.length), in, out, err);
    }
    if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
      out.println("""
          Usage: java -jar relay-demo.jar            run the scripted demo (embedded databases, control plane, relay)
                 java -jar relay-demo.jar console    try Relay on your own database: see 'console --help'

          Exit codes: 0 ok, 1 failure, 2 usage.""");
      return 0;
    }
    if (args.length > 0) {
      err.println("relay-demo: unknown argument '" + args[0] + "' (try --help)");
      return 2;
    }
    LocalRelay.logLevel("warn");
    return new Demo(out, new SecureRandom()).play(err);
  }

  int play(PrintStream err) {
    long t0 = System.nanoTime();
    out.println();
    out.println("Relay demo: an AI agent's control plane asks a relay inside \"your network\" for data.");
    out.println("The relay checks every request against its policy, runs it read-only, masks personal");
    out.println("data, writes a signed audit record, and only then answers.");
    out.println();
    out.println("Starting:");
    Path work;
    try {
      work = Files.createTempDirectory("relay-demo-");
    } catch (IOException e) {
      err.println("relay-demo: cannot create a temporary directory: " + e.getMessage());
      return 1;
    }
    try (DemoEnvironment env = DemoEnvironment.start(work, out, random)) {
      script(env);
      env.stopRelay();
      auditTrail(env);
    } catch (RuntimeException e) {
      err.println("relay-demo: failed: " + e.getMessage());
      return 1;
    } finally {
      deleteQuietly(work);
    }
    out.println();
    if (!failures.isEmpty()) {
      out.println("Demo finished with " + failures.size() + " unexpected result(s):");
      failures.forEach(f -> out.println("  - " + f));
      return 1;
    }
    out.printf(Locale.ROOT, "Demo finished in %.1f s. Next: docs/quickstart.md shows how to try Relay on your own"
        + " database with%n  java -jar relay-testkit/target/relay-demo.jar console%n", (System.nanoTime() - t0) / 1e9);
    return 0;
  }

  private void script(DemoEnvironment env) {
    RelaySession relay = env.relay();
    String pg = DemoEnvironment.PG_RESOURCE;
    String mongo = DemoEnvironment.MONGO_RESOURCE;

    heading("Which databases can the agent use?", "list_resources: only what relay-config.yaml lists.");
    JsonNode r = call(relay, "list_resources", null);
    expect(!r.has("error") && r.path("result").path("resources").size() == 2, "list_resources lists 2 resources");

    String customers = "SELECT id, full_name, email, cpf, phone, city FROM customers ORDER BY id LIMIT 4";
    heading("What the database really holds", "Read directly over JDBC, never through the relay: this is what"
        + " must not leave the network.");
    out.print(printer.table(List.of("id", "full_name", "email", "cpf", "phone", "city"), direct(env, customers)));

    heading("A SELECT through the relay: personal data masked", "The same query, sent by the control plane.");
    r = execute(relay, sql(pg, customers));
    expect(r.path("result").path("metadata").path("maskedFieldCount").asInt() > 0, "the SELECT masks fields");

    heading("Free text is scanned too", "Support tickets where customers pasted card numbers, CPFs and tokens.");
    r = execute(relay, sql(pg, "SELECT id, subject, body FROM support_tickets WHERE id IN (1, 2, 3) ORDER BY id"));
    expect(!r.has("error"), "the ticket query succeeds");

    heading("A query that asks for too much is clamped, not rejected",
        "maxRowsPerQuery is " + DemoEnvironment.MAX_ROWS + " for " + pg + "; the orders table has "
            + env.data.orders().size() + " rows.");
    r = execute(relay, sql(pg, "SELECT id, customer_id, status, total, currency FROM orders ORDER BY id"));
    expect(r.path("result").path("metadata").path("clamped").asBoolean(false), "the orders query is clamped");

    heading("A write is blocked before any connection is made", "The policy parses the SQL; DELETE is not a read.");
    r = execute(relay, sql(pg, "DELETE FROM customers WHERE id = 1"));
    expect(reason(r).equals("QUERY_BLOCKED"), "the DELETE is rejected with QUERY_BLOCKED");

    heading("So is reading the server's files", "pg_read_file is on the blocked-function list.");
    r = execute(relay, sql(pg, "SELECT pg_read_file('/etc/passwd')"));
    expect(reason(r).equals("QUERY_BLOCKED"), "pg_read_file is rejected with QUERY_BLOCKED");

    heading("A MongoDB aggregate: nested documents masked", "Business customers, their contact sub-document"
        + " and CPF, straight from the collection.");
    ObjectNode agg = execute(mongo, "query");
    agg.put("collection", "customers");
    ArrayNode pipeline = agg.putArray("pipeline");
    pipeline.add(obj("$match", json.createObjectNode().put("plan", "business")));
    pipeline.add(obj("$sort", json.createObjectNode().put("_id", 1)));
    pipeline.add(obj("$project", json.createObjectNode().put("name", 1).put("contact", 1).put("documents.cpf", 1)));
    pipeline.add(obj("$limit", json.getNodeFactory().numberNode(3)));
    r = execute(relay, agg);
    expect(r.path("result").path("metadata").path("maskedFieldCount").asInt() > 0, "the aggregate masks fields");

    heading("What does a table look like?", "describe_table: columns, types, nullability; no data.");
    ObjectNode describe = execute(pg, "describe_table");
    describe.put("table", "payments");
    r = execute(relay, describe);
    expect(!r.has("error"), "describe_table answers");
  }

  private void auditTrail(DemoEnvironment env) {
    heading("The audit trail", "One JSON line per request, accepted or not: no literals, no rows, no secrets."
        + " Each record is chained to the previous one and signed (Ed25519).");
    List<JsonNode> records = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(env.auditFile, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          records.add(json.readTree(line));
        }
      }
    } catch (IOException e) {
      expect(false, "the audit file can be read (" + e.getMessage() + ")");
      return;
    }
    List<String> columns = List.of("seq", "msg", "outcome", "operation", "resourceId", "reason", "rowCount",
        "clamped", "maskedFieldCount", "durationMs", "queryFingerprint");
    List<List<String>> rows = new ArrayList<>();
    for (JsonNode rec : records) {
      if (!rec.has("requestId") || rec.path("msg").asText().startsWith("checkpoint")) {
        continue; // lifecycle records (connected, shutdown) are in the file too
      }
      List<String> row = new ArrayList<>();
      for (String c : columns) {
        JsonNode v = rec.get(c);
        String text = v == null || v.isNull() ? "" : TablePrinter.text(v);
        if (c.equals("queryFingerprint") && text.length() > 12) {
          text = text.substring(0, 12) + "...";
        }
        row.add(text);
      }
      rows.add(row);
    }
    out.print(printer.table(columns, rows));
    expect(rows.size() >= 8, "the audit trail holds a record per request");
    out.println("(" + records.size() + " records in the file: the ones above plus lifecycle records such as"
        + " connected and shutdown)");

    out.println();
    out.println("$ relay audit verify --file audit.jsonl --public-key audit-public-key.pem");
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
    int code = dev.relay.runtime.cli.RelayCli.execute(
        new dev.relay.runtime.cli.CliIo(InputStream.nullInputStream(), capture, capture, name -> null),
        "--log-level", "warn", "audit", "verify", "--file", env.auditFile.toString(),
        "--public-key", env.auditPublicKey.toString());
    out.print(captured.toString(StandardCharsets.UTF_8));
    out.println("(exit code " + code + ")");
    expect(code == 0, "audit verify accepts the trail");
  }

  // ---------------------------------------------------------------- helpers

  private void heading(String title, String why) {
    step++;
    out.println();
    out.println("== " + step + ". " + title + " " + "=".repeat(Math.max(3, 86 - title.length())));
    out.println("   " + why);
  }

  private JsonNode call(RelaySession relay, String method, ObjectNode params) {
    out.println("> " + method + (params == null ? "" : " " + params));
    JsonNode response = relay.request(method, params).orTimeout(REPLY_TIMEOUT.toSeconds(),
        java.util.concurrent.TimeUnit.SECONDS).join();
    out.print(printer.response(response));
    return response;
  }

  private JsonNode execute(RelaySession relay, ObjectNode params) {
    StringBuilder line = new StringBuilder("> execute ").append(params.path("resourceId").asText()).append(' ')
        .append(params.path("operation").asText());
    if (params.has("query")) {
      line.append("\n  ").append(params.get("query").asText());
    }
    if (params.has("collection")) {
      line.append(" ").append(params.get("collection").asText());
    }
    if (params.has("pipeline")) {
      line.append("\n  pipeline: ").append(params.get("pipeline"));
    }
    if (params.has("table")) {
      line.append(" ").append(params.get("table").asText());
    }
    out.println(line);
    JsonNode response = relay.request("execute", params)
        .orTimeout(REPLY_TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS).join();
    out.print(printer.response(response));
    return response;
  }

  private ObjectNode execute(String resource, String operation) {
    ObjectNode p = json.createObjectNode();
    p.put("resourceId", resource);
    p.put("operation", operation);
    p.put("requestId", "demo-" + (step < 10 ? "0" : "") + step);
    return p;
  }

  private ObjectNode sql(String resource, String query) {
    ObjectNode p = execute(resource, "query");
    p.put("query", query);
    return p;
  }

  private ObjectNode obj(String key, JsonNode value) {
    ObjectNode o = json.createObjectNode();
    o.set(key, value);
    return o;
  }

  private static String reason(JsonNode response) {
    return response.path("error").path("data").path("reason").asText("");
  }

  private void expect(boolean ok, String what) {
    if (!ok) {
      failures.add(what);
      out.println("!! unexpected: " + what + " did not hold");
    }
  }

  private static List<List<String>> direct(DemoEnvironment env, String sql) {
    List<List<String>> rows = new ArrayList<>();
    try (Connection c = env.postgres().superuserDataSource(env.database()).getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          row.add(String.valueOf(rs.getObject(i)));
        }
        rows.add(row);
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("cannot read the sample data directly (SQLSTATE " + e.getSQLState() + ")", e);
    }
    return rows;
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind is harmless
    }
  }
}

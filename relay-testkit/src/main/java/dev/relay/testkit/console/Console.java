package dev.relay.testkit.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.relay.testkit.controlplane.ControlPlaneServer;
import dev.relay.testkit.controlplane.ControlPlaneTimeoutException;
import dev.relay.testkit.controlplane.RelaySession;
import dev.relay.testkit.demo.LocalRelay;
import dev.relay.testkit.demo.TablePrinter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/**
 * The local console: how someone tries Relay on their own database before any control plane
 * exists. It starts a control plane on loopback, waits for a relay (started by the console from
 * {@code --config}, or by the user with the snippet it prints), then reads commands from stdin:
 * SQL, {@code mongo <collection> <filter or pipeline>}, and backslash commands ({@code \help}).
 * Every reply is printed as a table, exactly as the relay masked it.
 *
 * <pre>
 * java -jar relay-testkit/target/relay-demo.jar console --config my-relay.yaml
 * </pre>
 */
public final class Console {

  /** The port the console listens on unless {@code --port} says otherwise. */
  public static final int DEFAULT_PORT = 8787;

  /** The command line's usage text ({@code console --help}). */
  public static final String USAGE = """
      Usage: relay-demo.jar console [--config FILE] [--port N] [--token T] [--wait DURATION]

      Starts a local control plane on 127.0.0.1 and lets you query a relay by hand.
        --config FILE   start a relay from your relay-config.yaml, its controlPlane section
                        replaced by this console's (your file is not changed)
        --port N        port to listen on (default %d; 0 picks a free one)
        --token T       bearer token the relay must send (default: a random one, printed)
        --wait D        how long to wait for the relay, e.g. 90s or 10m (default 10m)

      Without --config, the console prints the controlPlane section to put in your config;
      start the relay yourself and it connects.
      Exit codes: 0 ok, 1 failure, 2 usage.""".formatted(DEFAULT_PORT);

  /** The interactive commands ({@code \\help}). */
  public static final String HELP = """
      Type a command and press Enter:
        SELECT ...                      a SQL query on the current SQL resource (a trailing ';' is dropped)
        mongo <collection> {filter}     a MongoDB find, e.g.  mongo customers {"plan": "business"}
        mongo <collection> [pipeline]   a MongoDB aggregate, e.g.  mongo tickets [{"$limit": 2}]
        \\resources                      list the relay's resources
        \\use <resourceId>               switch the current SQL or MongoDB resource
        \\tables                         list tables (or collections) of the current resources
        \\d <table>                      describe a table (\\dc <collection> for MongoDB)
        \\explain <SQL>                  the plan of a query, without running it
        \\health                         health check of every resource
        \\audit                          the relay's audit records so far (when the console started it)
        \\help                           this text
        \\quit                           leave (also: Ctrl-D)""";

  private final BufferedReader in;
  private final PrintStream out;
  private final ObjectMapper json = new ObjectMapper();
  private final TablePrinter printer = new TablePrinter();
  private final Duration replyTimeout;
  private @Nullable String sqlResource;
  private @Nullable String mongoResource;
  private final Map<String, String> resourceTypes = new LinkedHashMap<>();
  private int requests;
  private @Nullable Path auditFile;

  Console(InputStream in, PrintStream out, Duration replyTimeout) {
    this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    this.out = out;
    this.replyTimeout = replyTimeout;
  }

  /** Parses the arguments, starts the control plane (and the relay with {@code --config}), runs the session. */
  public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("console: " + e.getMessage());
      err.println(USAGE);
      return 2;
    }
    if (options.help) {
      out.println(USAGE);
      return 0;
    }
    String token = options.token != null ? options.token : randomToken(new SecureRandom());
    ControlPlaneServer server;
    try {
      server = ControlPlaneServer.builder().token(token).port(options.port).build().start();
    } catch (UncheckedIOException e) {
      err.println("console: cannot listen on 127.0.0.1:" + options.port + " (in use? try --port 0): "
          + e.getCause().getMessage());
      return 1;
    }
    LocalRelay relay = null;
    Path work = null;
    Path auditFile = null;
    java.io.OutputStream auditOut = null;
    try {
      if (options.config != null) {
        work = Files.createTempDirectory("relay-console-");
        Path config = rewriteConfig(options.config, server, token, work);
        out.println("Starting a relay from " + options.config + " (controlPlane pointed at this console)...");
        LocalRelay.logLevel("warn");
        auditFile = work.resolve("audit.jsonl");
        auditOut = Files.newOutputStream(auditFile);
        relay = LocalRelay.start(config, auditOut);
      } else {
        printSnippet(out, server, token);
      }
      out.println("Waiting for a relay to connect to " + server.url() + " ...");
      out.flush();
      RelaySession session = awaitRelay(server, options.wait);
      Console console = new Console(in, out, Duration.ofSeconds(60));
      console.auditFile = auditFile;
      out.println("Relay " + session.handshake().header("X-Relay-Id") + " (version "
          + session.handshake().header("X-Relay-Version") + ") connected; "
          + dev.relay.testkit.demo.DemoEnvironment.awaitReachable(session, Duration.ofSeconds(10)) + ".");
      return console.session(session);
    } catch (IOException e) {
      err.println("console: " + e.getMessage());
      return 1;
    } catch (IllegalStateException | IllegalArgumentException e) {
      err.println("console: " + e.getMessage());
      return 1;
    } finally {
      if (relay != null) {
        relay.close();
      }
      server.close();
      if (auditOut != null) {
        try {
          auditOut.close();
        } catch (IOException e) {
          // nothing left to flush to
        }
      }
      if (work != null) {
        deleteQuietly(work);
      }
    }
  }

  /** Prints the {@code controlPlane} section a relay needs to reach this console. */
  static void printSnippet(PrintStream out, ControlPlaneServer server, String token) {
    out.println("Local control plane listening on " + server.url());
    out.println();
    out.println("Put this controlPlane section in your relay-config.yaml (loopback only: insecure is");
    out.println("what allows plain ws://; never use it across a network):");
    out.println();
    out.println("controlPlane:");
    out.println("  url: " + server.url());
    out.println("  token: " + token);
    out.println("  insecure: true");
    out.println();
    out.println("then start the relay:  java -jar relay-runtime/target/relay.jar run --config relay-config.yaml");
    out.println("(or let the console start it:  java -jar relay-testkit/target/relay-demo.jar console --config relay-config.yaml)");
    out.println();
  }

  private static RelaySession awaitRelay(ControlPlaneServer server, Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    while (true) {
      try {
        return server.awaitConnection(Duration.ofMillis(250));
      } catch (ControlPlaneTimeoutException e) {
        if (System.nanoTime() > deadline) {
          String refused = server.handshakes().isEmpty() ? ""
              : " (" + server.handshakes().size() + " attempt(s) refused with HTTP "
                  + server.handshakes().get(server.handshakes().size() - 1).status() + ": check the token)";
          throw new IllegalStateException("no relay connected within " + wait + refused);
        }
      }
    }
  }

  /** The interactive part, once a relay is connected; returns the exit code. */
  int session(RelaySession relay) throws IOException {
    resources(relay);
    out.println(HELP);
    while (true) {
      out.print("relay> ");
      out.flush();
      String line = in.readLine();
      if (line == null) {
        out.println();
        break;
      }
      line = line.strip();
      if (line.isEmpty()) {
        continue;
      }
      if (line.equals("\\q") || line.equals("\\quit") || line.equalsIgnoreCase("quit") || line.equalsIgnoreCase("exit")) {
        break;
      }
      if (!relay.isOpen()) {
        out.println("The relay disconnected; restart it and the console (it does not wait for reconnects yet).");
        return 1;
      }
      try {
        command(relay, line);
      } catch (ControlPlaneTimeoutException | CompletionException e) {
        out.println("No answer from the relay: " + e.getMessage());
      }
    }
    out.println("Bye.");
    return 0;
  }

  private void command(RelaySession relay, String line) {
    if (line.equals("\\help") || line.equals("\\?") || line.equalsIgnoreCase("help")) {
      out.println(HELP);
    } else if (line.equals("\\resources")) {
      resources(relay);
    } else if (line.startsWith("\\use")) {
      use(line.substring(4).strip());
    } else if (line.equals("\\tables")) {
      for (String resource : new String[] {sqlResource, mongoResource}) {
        if (resource != null) {
          out.println("[" + resource + "]");
          send(relay, execute(resource, "list_tables"));
        }
      }
    } else if (line.startsWith("\\dc ")) {
      describe(relay, line.substring(4).strip(), true);
    } else if (line.startsWith("\\d ")) {
      describe(relay, line.substring(3).strip(), false);
    } else if (line.startsWith("\\explain ")) {
      String resource = requireSql();
      if (resource != null) {
        ObjectNode p = execute(resource, "explain");
        p.put("query", dropSemicolon(line.substring(9).strip()));
        send(relay, p);
      }
    } else if (line.equals("\\audit")) {
      audit();
    } else if (line.equals("\\health")) {
      print(call(relay, "health_check", null));
    } else if (line.startsWith("\\")) {
      out.println("Unknown command " + line.split("\\s+")[0] + "; \\help lists them.");
    } else if (line.regionMatches(true, 0, "mongo ", 0, 6)) {
      mongo(relay, line.substring(6).strip());
    } else {
      String resource = requireSql();
      if (resource != null) {
        ObjectNode p = execute(resource, "query");
        p.put("query", dropSemicolon(line));
        send(relay, p);
      }
    }
  }

  private void resources(RelaySession relay) {
    JsonNode response = call(relay, "list_resources", null);
    print(response);
    resourceTypes.clear();
    for (JsonNode r : response.path("result").path("resources")) {
      resourceTypes.put(r.path("id").asText(), r.path("type").asText());
    }
    if (sqlResource == null || !resourceTypes.containsKey(sqlResource)) {
      sqlResource = resourceTypes.entrySet().stream().filter(e -> !e.getValue().equals("mongodb"))
          .map(Map.Entry::getKey).findFirst().orElse(null);
    }
    if (mongoResource == null || !resourceTypes.containsKey(mongoResource)) {
      mongoResource = resourceTypes.entrySet().stream().filter(e -> e.getValue().equals("mongodb"))
          .map(Map.Entry::getKey).findFirst().orElse(null);
    }
    out.println("Current SQL resource: " + (sqlResource == null ? "(none)" : sqlResource)
        + "; MongoDB resource: " + (mongoResource == null ? "(none)" : mongoResource));
  }

  private void use(String id) {
    String type = resourceTypes.get(id);
    if (type == null) {
      out.println("No resource '" + id + "'; the relay has: " + String.join(", ", resourceTypes.keySet()));
    } else if (type.equals("mongodb")) {
      mongoResource = id;
      out.println("MongoDB queries now go to " + id + ".");
    } else {
      sqlResource = id;
      out.println("SQL queries now go to " + id + ".");
    }
  }

  private void describe(RelaySession relay, String name, boolean collection) {
    boolean isCollection = collection || sqlResource == null;
    String resource = isCollection ? mongoResource : sqlResource;
    if (resource == null) {
      out.println("The relay has no " + (isCollection ? "MongoDB" : "SQL") + " resource.");
      return;
    }
    ObjectNode p = execute(resource, "describe_table");
    p.put(isCollection ? "collection" : "table", name);
    send(relay, p);
  }

  private void mongo(RelaySession relay, String rest) {
    if (mongoResource == null) {
      out.println("The relay has no MongoDB resource.");
      return;
    }
    int space = rest.indexOf(' ');
    String collection = space < 0 ? rest : rest.substring(0, space);
    String body = space < 0 ? "{}" : rest.substring(space + 1).strip();
    JsonNode query;
    try {
      query = json.readTree(body);
    } catch (JsonProcessingException e) {
      out.println("Not JSON: " + e.getOriginalMessage() + ". Example: mongo customers {\"plan\": \"pro\"}");
      return;
    }
    ObjectNode p = execute(mongoResource, "query");
    p.put("collection", collection);
    if (query != null && query.isArray()) {
      p.set("pipeline", query);
    } else if (query != null && query.isObject()) {
      p.set("filter", query);
    } else {
      out.println("Give a filter object {...} or a pipeline array [...].");
      return;
    }
    send(relay, p);
  }

  private void audit() {
    Path file = auditFile;
    if (file == null) {
      out.println("The relay writes its audit trail where its config says (stdout by default); the console"
          + " shows it only for a relay it started with --config.");
      return;
    }
    java.util.List<java.util.List<String>> rows = new java.util.ArrayList<>();
    java.util.List<String> columns = java.util.List.of("time", "msg", "requestId", "resourceId", "operation",
        "outcome", "reason", "rowCount", "maskedFieldCount", "durationMs");
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode rec = json.readTree(line);
        java.util.List<String> row = new java.util.ArrayList<>();
        for (String c : columns) {
          JsonNode v = rec.get(c);
          row.add(v == null || v.isNull() ? "" : TablePrinter.text(v));
        }
        rows.add(row);
      }
    } catch (IOException e) {
      out.println("Cannot read the audit trail: " + e.getMessage());
      return;
    }
    if (rows.isEmpty()) {
      out.println("No audit records here: your config's audit section sends them elsewhere (its sink or file).");
      return;
    }
    out.print(printer.table(columns, rows));
    out.println("(audit trail: " + file + "; it is deleted when the console exits)");
  }

  private @Nullable String requireSql() {
    if (sqlResource == null) {
      out.println("The relay has no SQL resource; use: mongo <collection> <json>.");
    }
    return sqlResource;
  }

  private ObjectNode execute(String resource, String operation) {
    ObjectNode p = json.createObjectNode();
    p.put("resourceId", resource);
    p.put("operation", operation);
    p.put("requestId", "console-" + (++requests));
    return p;
  }

  private void send(RelaySession relay, ObjectNode params) {
    print(call(relay, "execute", params));
  }

  private JsonNode call(RelaySession relay, String method, @Nullable ObjectNode params) {
    return relay.request(method, params).orTimeout(replyTimeout.toMillis(), TimeUnit.MILLISECONDS).join();
  }

  private void print(JsonNode response) {
    out.print(printer.response(response));
  }

  static String dropSemicolon(String sql) {
    String s = sql.strip();
    return s.endsWith(";") ? s.substring(0, s.length() - 1).strip() : s;
  }

  /**
   * A copy of the user's config with its {@code controlPlane} section replaced by this console's
   * (URL, token, insecure); everything else kept as written, {@code ${...}} references included.
   */
  static Path rewriteConfig(Path original, ControlPlaneServer server, String token, Path dir) throws IOException {
    Object root;
    try {
      root = new Load(LoadSettings.builder().setLabel(original.toString()).build())
          .loadFromString(Files.readString(original, StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("--config: " + original + " is not valid YAML: " + e.getMessage(), e);
    }
    if (!(root instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException("--config: " + original + " must be a YAML mapping (relayId, controlPlane, resources...)");
    }
    Map<Object, Object> copy = new LinkedHashMap<>(map);
    Map<String, Object> cp = new LinkedHashMap<>();
    cp.put("url", server.url().toString());
    cp.put("token", token);
    cp.put("insecure", true);
    if (map.get("controlPlane") instanceof Map<?, ?> old && old.get("heartbeatInterval") != null) {
      cp.put("heartbeatInterval", old.get("heartbeatInterval"));
    }
    copy.put("controlPlane", cp);
    String yaml = new Dump(DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).build()).dumpToString(copy);
    Path out = dir.resolve("relay-config.console.yaml");
    Files.writeString(out, yaml, StandardCharsets.UTF_8);
    return out;
  }

  private static String randomToken(SecureRandom random) {
    byte[] b = new byte[24];
    random.nextBytes(b);
    return "console-" + HexFormat.of().formatHex(b);
  }

  private static void deleteQuietly(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // harmless
    }
  }

  /** Command-line options of the console. */
  static final class Options {
    @Nullable Path config;
    int port = DEFAULT_PORT;
    @Nullable String token;
    Duration wait = Duration.ofMinutes(10);
    boolean help;

    static Options parse(String[] args) {
      Options o = new Options();
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        switch (a) {
          case "--help", "-h" -> o.help = true;
          case "--config" -> o.config = Path.of(value(args, ++i, a));
          case "--port" -> {
            String v = value(args, ++i, a);
            try {
              o.port = Integer.parseInt(v);
            } catch (NumberFormatException e) {
              throw new IllegalArgumentException("--port: not a number: " + v);
            }
            if (o.port < 0 || o.port > 65535) {
              throw new IllegalArgumentException("--port: must be 0..65535");
            }
          }
          case "--token" -> o.token = value(args, ++i, a);
          case "--wait" -> o.wait = duration(value(args, ++i, a));
          default -> throw new IllegalArgumentException("unknown option " + a);
        }
      }
      if (o.config != null && !Files.isRegularFile(o.config)) {
        throw new IllegalArgumentException("--config: no such file: " + o.config);
      }
      return o;
    }

    private static String value(String[] args, int i, String option) {
      if (i >= args.length) {
        throw new IllegalArgumentException(option + ": needs a value");
      }
      return args[i];
    }

    static Duration duration(String text) {
      var m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m|h)").matcher(text.strip().toLowerCase(Locale.ROOT));
      if (!m.matches()) {
        throw new IllegalArgumentException("--wait: expected a duration such as 500ms, 90s, 10m, was " + text);
      }
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        default -> Duration.ofHours(n);
      };
    }
  }
}

package dev.relay.benchmarks.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.relay.runtime.RelayConfig;
import dev.relay.runtime.RelayConfigLoader;
import dev.relay.runtime.RelayRuntime;
import dev.relay.testkit.controlplane.ControlPlaneServer;
import dev.relay.testkit.controlplane.RelaySession;
import dev.relay.testkit.db.PostgresFixture;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * The end-to-end driver: plays the control plane (the testkit's {@link ControlPlaneServer}) and
 * sends {@code execute} requests over loopback WebSocket to real relays (in this JVM) running
 * against a real PostgreSQL, next to direct HikariCP JDBC running the same queries. Modes are
 * measured in interleaved blocks and every target is a ratio computed per block, so machine noise
 * hits both sides of each ratio alike.
 *
 * <p>Run: {@code java -cp relay-benchmarks/target/benchmarks.jar dev.relay.benchmarks.e2e.EndToEndDriver}
 * (add {@code --quick} for a smoke run; {@code --audit} measures only the audit modes' 1-row latency,
 * with more blocks; {@code --transport} only NIO against native epoll). Prints a Markdown report on stdout.
 */
public final class EndToEndDriver {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "bench-token-0123456789abcdef";
    private static final Duration CALL = Duration.ofSeconds(60);
    private static final int ACCOUNTS = 10_000;
    private static final int WIDE_ROWS = 100_000;
    /** The runtime's transport switch ({@code dev.relay.runtime.internal.Transport.PROPERTY}). */
    private static final String TRANSPORT_PROPERTY = "relay.transport";

    /** The relay variants measured side by side. */
    enum Mode {
        DIRECT("direct JDBC (HikariCP)"),
        DIRECT_UNIQUE("direct JDBC, unique query text per request (the database's own cost of new texts)"),
        ECHO_INLINE("bare Netty WebSocket echo, same JVM, reply written on the event loop (no relay code)"),
        ECHO_WORKER("bare Netty WebSocket echo, reply written by a worker thread (the relay's two hand-offs)"),
        FLOOR("transport floor: list_resources on the pass-through relay (no database)"),
        PASS_THROUGH("relay pass-through (masking off, audit off)"),
        RELAY("relay (policy + masking + audit)"),
        RELAY_UNIQUE("relay, unique query text per request (new literals)"),
        RELAY_NEW_SHAPE("relay, unique query shape per request (new alias: a full SQL parse)"),
        AUDIT_OFF("relay, audit off"),
        AUDIT_ON("relay, audit on (unsigned, file sink; own relay)"),
        AUDIT_HASH("relay, audit hash chain, unsigned (--audit only)"),
        AUDIT_SIGNED("relay, audit signed (Ed25519 checkpoints)");

        final String label;

        Mode(String label) {
            this.label = label;
        }
    }

    private final boolean quick;
    private final boolean auditOnly;
    private final boolean transportsOnly;
    private final PrintStream out;
    private final Path work;
    private final Map<Mode, Relay> relays = new LinkedHashMap<>();
    private final AtomicLong unique = new AtomicLong(1_000_000);
    private PostgresFixture pg;
    private String database;
    private HikariDataSource direct;
    private EchoFloor echo;

    private EndToEndDriver(boolean quick, boolean auditOnly, boolean transportsOnly, PrintStream out) throws IOException {
        this.transportsOnly = transportsOnly;
        this.quick = quick;
        this.auditOnly = auditOnly;
        this.out = out;
        this.work = Files.createTempDirectory("relay-e2e-bench");
    }

    public static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        String relayJar = "relay-runtime/target/relay.jar";
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--relay-jar")) {
                relayJar = args[i + 1];
            }
        }
        EndToEndDriver driver = new EndToEndDriver(quick, List.of(args).contains("--audit"),
                List.of(args).contains("--transport"), System.out);
        int status = 0;
        try {
            driver.run(Path.of(relayJar));
        } catch (Exception e) {
            e.printStackTrace();
            status = 1;
        } finally {
            driver.close();
        }
        System.exit(status);
    }

    private void run(Path relayJar) throws Exception {
        long started = System.nanoTime();
        setUp();
        out.printf("# Relay end-to-end benchmark%n%n");
        out.printf("- machine: %d cores, %s %s, JVM %s, max heap %d MiB%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.vm.version"),
                Runtime.getRuntime().maxMemory() >> 20);
        out.printf("- PostgreSQL: %s (%s), loopback; relays in this JVM, control plane in this JVM over ws://127.0.0.1%n",
                pg.mode(), pg.jdbcUrl(database));
        out.printf("- mode: %s%n%n", quick ? "quick (smoke run, numbers are indicative only)" : "full");

        if (transportsOnly) {
            transports();
            out.printf("%nTotal driver time: %.0f s%n", (System.nanoTime() - started) / 1e9);
            return;
        }
        if (auditOnly) {
            auditLatency();
            out.printf("%nTotal driver time: %.0f s%n", (System.nanoTime() - started) / 1e9);
            return;
        }
        latency();
        throughput();
        transports();
        wideResult();
        heapGrowth();
        idleMemory(relayJar);
        out.printf("%nTotal driver time: %.0f s%n", (System.nanoTime() - started) / 1e9);
    }

    // ------------------------------------------------------------------ setup

    private void setUp() throws Exception {
        pg = PostgresFixture.shared();
        database = pg.createDatabase("bench");
        pg.executeIn(database,
                "CREATE TABLE accounts (id bigint PRIMARY KEY, name text NOT NULL, email text NOT NULL,"
                        + " phone text, created_at timestamptz NOT NULL)",
                "INSERT INTO accounts SELECT g, 'Customer ' || g, 'customer' || g || '@example.com',"
                        + " '+55 11 9' || lpad((g % 100000000)::text, 8, '0'), timestamptz '2024-01-01' + g * interval '1 minute'"
                        + " FROM generate_series(1, " + ACCOUNTS + ") g",
                "ANALYZE accounts");
        pg.executeIn(database, Measure.wideTable(WIDE_ROWS));
        pg.executeIn(database, "ANALYZE wide", "GRANT SELECT ON accounts, wide TO " + pg.user());
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(pg.jdbcUrl(database));
        hc.setUsername(pg.user());
        hc.setPassword(pg.password());
        hc.setMaximumPoolSize(5);
        hc.setReadOnly(true);
        direct = new HikariDataSource(hc);
        List<Mode> started = transportsOnly ? List.of() : auditOnly ? AUDIT_MODES : List.of(Mode.values());
        for (Mode mode : started) {
            if (mode != Mode.DIRECT && mode != Mode.DIRECT_UNIQUE && mode != Mode.FLOOR && mode != Mode.ECHO_INLINE
                    && mode != Mode.ECHO_WORKER && mode != Mode.RELAY_UNIQUE && mode != Mode.RELAY_NEW_SHAPE
                    && (auditOnly || mode != Mode.AUDIT_HASH)) {
                relays.put(mode, startRelay(mode));
            }
        }
        if (!auditOnly && !transportsOnly) {
            echo = new EchoFloor();
            relays.put(Mode.RELAY_UNIQUE, relays.get(Mode.RELAY));
            relays.put(Mode.RELAY_NEW_SHAPE, relays.get(Mode.RELAY));
        }
    }

    private Relay startRelay(Mode mode) throws IOException {
        return startRelay(mode, "auto");
    }

    /**
     * Starts a relay and its control plane on one Netty transport: {@code auto} (the runtime's
     * default: epoll where available), {@code nio} or {@code epoll}. The runtime reads
     * {@code relay.transport} when its client is built, so the property is set around the start.
     */
    private Relay startRelay(Mode mode, String transport) throws IOException {
        ControlPlaneServer server = ControlPlaneServer.builder().token(TOKEN).maxMessageBytes(256 << 20).recordHistory(false)
                .nativeTransport(!transport.equals("nio")).build().start();
        String masking = mode == Mode.PASS_THROUGH
                ? "{detectors: {cpf: false, cnpj: false, email: false, credit_card: false, phone: false,"
                        + " bearer_token: false, jwt: false, api_key: false}}"
                : "{}";
        Path auditFile = work.resolve("audit-" + mode.name().toLowerCase(Locale.ROOT) + ".jsonl");
        String audit = switch (mode) {
            case PASS_THROUGH, AUDIT_OFF -> "{enabled: false}";
            case AUDIT_SIGNED -> "{sink: file, file: {path: \"" + auditFile + "\"}, tamperEvidence: signed}";
            case AUDIT_HASH -> "{sink: file, file: {path: \"" + auditFile + "\"}, tamperEvidence: hash}";
            default -> "{sink: file, file: {path: \"" + auditFile + "\"}}";
        };
        String yaml = """
                relayId: bench-%s
                controlPlane:
                  url: %s
                  token: %s
                  insecure: true
                limits: {maxConcurrentRequests: 8, queueSize: 256, maxRequestBytes: 1MiB}
                resources:
                  - id: pg
                    type: postgres
                    connection: {url: "%s", username: %s, password: "%s"}
                    allowedOperations: [query]
                  - id: pg-wide
                    type: postgres
                    connection: {url: "%s", username: %s, password: "%s"}
                    allowedOperations: [query]
                    maxRowsPerQuery: 10000
                    maxResponseBytes: 256MiB
                  - id: pg-rows
                    type: postgres
                    connection: {url: "%s", username: %s, password: "%s"}
                    allowedOperations: [query]
                    maxRowsPerQuery: 1000
                  - id: pg-bytes
                    type: postgres
                    connection: {url: "%s", username: %s, password: "%s"}
                    allowedOperations: [query]
                    maxRowsPerQuery: 100000
                    maxResponseBytes: 1MiB
                masking: %s
                audit: %s
                """.formatted(mode.name().toLowerCase(Locale.ROOT), server.url(), TOKEN,
                pg.jdbcUrl(database), pg.user(), pg.password(),
                pg.jdbcUrl(database), pg.user(), pg.password(),
                pg.jdbcUrl(database), pg.user(), pg.password(),
                pg.jdbcUrl(database), pg.user(), pg.password(), masking, audit);
        // one file per relay: a relay watches its file and reloads it when another relay rewrites it
        Path file = work.resolve("relay-" + mode.name().toLowerCase(Locale.ROOT) + "-" + transport + ".yaml");
        Files.writeString(file, yaml);
        RelayConfig config = RelayConfigLoader.create().load(file);
        String before = System.getProperty(TRANSPORT_PROPERTY);
        System.setProperty(TRANSPORT_PROPERTY, transport);
        RelayRuntime runtime;
        try {
            runtime = RelayRuntime.builder(config).auditOut(OutputStream.nullOutputStream()).build().start();
        } finally {
            if (before == null) {
                System.clearProperty(TRANSPORT_PROPERTY);
            } else {
                System.setProperty(TRANSPORT_PROPERTY, before);
            }
        }
        RelaySession session = server.awaitConnection(Duration.ofSeconds(30));
        return new Relay(server, runtime, session);
    }

    private record Relay(ControlPlaneServer server, RelayRuntime runtime, RelaySession session) {
        JsonNode execute(String resourceId, String sql) {
            ObjectNode params = JSON.createObjectNode().put("resourceId", resourceId).put("operation", "query")
                    .put("query", sql);
            return session.call("execute", params, CALL);
        }

        /**
         * The response as received: the control plane matches it to the request by its id alone
         * (streaming), so the harness's JSON tree parse is not timed; callers check it afterwards.
         */
        String executeText(String resourceId, String sql) {
            ObjectNode params = JSON.createObjectNode().put("resourceId", resourceId).put("operation", "query")
                    .put("query", sql);
            return session.callText("execute", params, CALL);
        }
    }

    /** The {@code result} of a response text, or an exception naming the error the relay sent. */
    private static JsonNode resultOf(String responseText) {
        JsonNode response;
        try {
            response = JSON.readTree(responseText);
        } catch (IOException e) {
            throw new IllegalStateException("unparseable response", e);
        }
        if (!response.has("result")) {
            throw new IllegalStateException("the relay answered an error: " + response.path("error"));
        }
        return response.get("result");
    }

    private void close() {
        for (Relay relay : new java.util.HashSet<>(relays.values())) {
            relay.runtime().shutdown();
            relay.server().close();
        }
        if (direct != null) {
            direct.close();
        }
        if (echo != null) {
            echo.close();
        }
    }

    // ------------------------------------------------------------------ scenarios

    private static final String PK_QUERY = "SELECT id, name, email, phone, created_at FROM accounts WHERE id = 4242";

    private String pkQuery(Mode mode) {
        if (mode == Mode.RELAY_UNIQUE) {
            long n = unique.incrementAndGet();
            return "SELECT id, name, email, phone, created_at FROM accounts WHERE id = " + (n % ACCOUNTS + 1)
                    + " AND name <> 'probe " + n + "'";
        }
        if (mode == Mode.RELAY_NEW_SHAPE) {
            long n = unique.incrementAndGet();
            return "SELECT id, name, email, phone, created_at AS c" + n + " FROM accounts WHERE id = " + (n % ACCOUNTS + 1);
        }
        return PK_QUERY;
    }

    /**
     * One request of the 1-row primary-key scenario, in the given mode; returns the relay's response
     * text (null for direct JDBC, which checks its row count itself). Check it with {@link #checkPk}.
     */
    private String pkOnce(Mode mode) throws SQLException {
        if (mode == Mode.DIRECT || mode == Mode.DIRECT_UNIQUE) {
            if (Measure.readEveryCell(direct, mode == Mode.DIRECT ? PK_QUERY : pkQuery(Mode.RELAY_UNIQUE)) != 1) {
                throw new IllegalStateException("direct: expected one row");
            }
            return null;
        }
        if (mode == Mode.ECHO_INLINE || mode == Mode.ECHO_WORKER) {
            try {
                echo.roundTrip(mode == Mode.ECHO_WORKER);
            } catch (Exception e) {
                throw new IllegalStateException("echo round trip failed", e);
            }
            return null;
        }
        if (mode == Mode.FLOOR) {
            return relays.get(Mode.PASS_THROUGH).session().callText("list_resources", null, CALL);
        }
        return relays.get(mode).executeText("pg", pkQuery(mode));
    }

    private static void checkPk(Mode mode, String responseText) {
        if (responseText == null) {
            return;
        }
        if (mode == Mode.FLOOR) {
            resultOf(responseText);
            return;
        }
        int rows = resultOf(responseText).path("rows").size();
        if (rows != 1) {
            throw new IllegalStateException(mode + ": expected one row, got " + rows);
        }
    }


    private void latency() throws Exception {
        List<Mode> modes = List.of(Mode.DIRECT, Mode.DIRECT_UNIQUE, Mode.ECHO_INLINE, Mode.ECHO_WORKER, Mode.FLOOR, Mode.PASS_THROUGH, Mode.RELAY, Mode.RELAY_UNIQUE,
                Mode.RELAY_NEW_SHAPE, Mode.AUDIT_OFF, Mode.AUDIT_ON, Mode.AUDIT_SIGNED);
        Map<Mode, List<Double>> blockP50 = latencyBlocks(modes, quick ? 3 : 10, quick ? 100 : 400);
        out.printf("%n| ratio of p50 (per block) | median | min | max | target |%n|---|---:|---:|---:|---|%n");
        ratio("relay / direct JDBC", blockP50.get(Mode.RELAY), blockP50.get(Mode.DIRECT), "≤ 2.0");
        List<Double> aboveFloor = new ArrayList<>();
        for (int b = 0; b < blockP50.get(Mode.RELAY).size(); b++) {
            aboveFloor.add(blockP50.get(Mode.RELAY).get(b) - blockP50.get(Mode.FLOOR).get(b));
        }
        ratio("(relay − transport floor) / direct JDBC", aboveFloor, blockP50.get(Mode.DIRECT), "— (≤ 2.0 proposed)");
        ratio("transport floor / direct JDBC", blockP50.get(Mode.FLOOR), blockP50.get(Mode.DIRECT), "—");
        ratio("bare WebSocket echo (event loop) / direct JDBC", blockP50.get(Mode.ECHO_INLINE), blockP50.get(Mode.DIRECT), "—");
        ratio("bare WebSocket echo (worker) / direct JDBC", blockP50.get(Mode.ECHO_WORKER), blockP50.get(Mode.DIRECT), "—");
        List<Double> lowerBound = new ArrayList<>();
        for (int b = 0; b < blockP50.get(Mode.RELAY).size(); b++) {
            lowerBound.add(blockP50.get(Mode.ECHO_WORKER).get(b) + blockP50.get(Mode.DIRECT).get(b));
        }
        ratio("(bare echo with worker + direct JDBC) / direct JDBC: any relay of this shape", lowerBound,
                blockP50.get(Mode.DIRECT), "—");
        ratio("relay / pass-through (same query text)", blockP50.get(Mode.RELAY), blockP50.get(Mode.PASS_THROUGH), "≤ 1.10");
        ratio("relay, unique query texts (new literals) / pass-through", blockP50.get(Mode.RELAY_UNIQUE),
                blockP50.get(Mode.PASS_THROUGH), "≤ 1.5");
        ratio("direct JDBC, unique query texts / direct JDBC (the database's share of the above)",
                blockP50.get(Mode.DIRECT_UNIQUE), blockP50.get(Mode.DIRECT), "—");
        ratio("relay, unique query shapes (full parse) / pass-through", blockP50.get(Mode.RELAY_NEW_SHAPE),
                blockP50.get(Mode.PASS_THROUGH), "—");
        auditRatios(blockP50);
        ratio("full relay (audit on, shared with unique-text mode) / audit off", blockP50.get(Mode.RELAY),
                blockP50.get(Mode.AUDIT_OFF), "—");
        out.println();
    }

    private static final List<Mode> AUDIT_MODES = List.of(Mode.AUDIT_OFF, Mode.AUDIT_ON, Mode.AUDIT_HASH, Mode.AUDIT_SIGNED);

    /**
     * {@code --audit}: only the audit modes, each on its own relay, interleaved request by request
     * (off, on, hash, signed, then the next round starting one mode later), so that every mode
     * sees the same moments of a shared machine; p50 per block of rounds and the ratios per block.
     */
    private void auditLatency() throws Exception {
        int blocks = quick ? 5 : 20;
        int rounds = quick ? 200 : 500;
        for (int i = 0; i < (quick ? 2000 : 20_000); i++) {
            for (Mode mode : AUDIT_MODES) {
                pkOnce(mode);
            }
        }
        Map<Mode, Histogram> total = new LinkedHashMap<>();
        Map<Mode, List<Double>> blockP50 = new LinkedHashMap<>();
        for (Mode mode : AUDIT_MODES) {
            total.put(mode, new Histogram(3));
            blockP50.put(mode, new ArrayList<>());
        }
        for (int b = 0; b < blocks; b++) {
            Map<Mode, Histogram> block = new LinkedHashMap<>();
            AUDIT_MODES.forEach(m -> block.put(m, new Histogram(3)));
            for (int r = 0; r < rounds; r++) {
                for (int m = 0; m < AUDIT_MODES.size(); m++) {
                    Mode mode = AUDIT_MODES.get((m + r) % AUDIT_MODES.size());
                    long t0 = System.nanoTime();
                    pkOnce(mode);
                    block.get(mode).recordValue((System.nanoTime() - t0) / 1000);
                }
            }
            for (Mode mode : AUDIT_MODES) {
                total.get(mode).add(block.get(mode));
                blockP50.get(mode).add((double) block.get(mode).getValueAtPercentile(50));
            }
        }
        out.printf("## Audit modes, 1-row primary-key SELECT, concurrency 1 (latency, µs)%n%n");
        out.printf("%d blocks × %d rounds; a round sends one request to each mode's relay, in an order that rotates"
                + " every round.%n%n", blocks, rounds);
        out.printf("| mode | p50 | p90 | p99 | max |%n|---|---:|---:|---:|---:|%n");
        for (Mode mode : AUDIT_MODES) {
            Histogram h = total.get(mode);
            out.printf("| %s | %d | %d | %d | %d |%n", mode.label, h.getValueAtPercentile(50), h.getValueAtPercentile(90),
                    h.getValueAtPercentile(99), h.getMaxValue());
        }
        out.printf("%n| ratio of p50 (per block) | median | min | max | target |%n|---|---:|---:|---:|---|%n");
        auditRatios(blockP50);
        ratio("audit hash chain (unsigned) / audit off", blockP50.get(Mode.AUDIT_HASH), blockP50.get(Mode.AUDIT_OFF), "—");
        out.printf("%nPer-block p50 (µs), in block order:%n%n");
        for (Map.Entry<Mode, List<Double>> e : blockP50.entrySet()) {
            out.printf("- %s: %s%n", e.getKey().label, e.getValue().stream().map(v -> String.format("%.0f", v)).toList());
        }
        out.println();
    }

    private void auditRatios(Map<Mode, List<Double>> blockP50) {
        // Audit on is its own relay: the full relay (Mode.RELAY) also serves the unique-text mode, whose
        // parses, verdict-cache churn and prepared-statement churn land in its blocks too.
        ratio("audit on (unsigned) / audit off", blockP50.get(Mode.AUDIT_ON), blockP50.get(Mode.AUDIT_OFF), "≤ 1.05");
        ratio("audit signed / audit off", blockP50.get(Mode.AUDIT_SIGNED), blockP50.get(Mode.AUDIT_OFF), "≤ 1.10");
    }

    private Map<Mode, List<Double>> latencyBlocks(List<Mode> modes, int blocks, int perBlock) throws Exception {
        for (Relay relay : new java.util.LinkedHashSet<>(relays.values())) {
            firstAnswer(relay);
        }
        // warm-up: JIT, pools, prepared statements
        for (Mode mode : modes) {
            for (int i = 0; i < (quick ? 2000 : 20_000); i++) {
                checkPk(mode, pkOnce(mode));
            }
        }
        Map<Mode, Histogram> total = new LinkedHashMap<>();
        Map<Mode, List<Double>> blockP50 = new LinkedHashMap<>();
        for (Mode mode : modes) {
            total.put(mode, new Histogram(3));
            blockP50.put(mode, new ArrayList<>());
        }
        for (int b = 0; b < blocks; b++) {
            for (int m = 0; m < modes.size(); m++) {
                Mode mode = modes.get((m + b) % modes.size()); // rotate the order every block
                Histogram h = new Histogram(3);
                for (int i = 0; i < perBlock; i++) {
                    long t0 = System.nanoTime();
                    String response = pkOnce(mode);
                    h.recordValue((System.nanoTime() - t0) / 1000);
                    checkPk(mode, response);
                }
                total.get(mode).add(h);
                blockP50.get(mode).add((double) h.getValueAtPercentile(50));
            }
        }
        out.printf("## 1-row primary-key SELECT, concurrency 1 (latency, µs)%n%n");
        out.printf("%d interleaved blocks × %d requests per mode; the order of modes rotates every block.%n%n", blocks, perBlock);
        out.printf("| mode | p50 | p90 | p99 | max |%n|---|---:|---:|---:|---:|%n");
        for (Mode mode : modes) {
            Histogram h = total.get(mode);
            out.printf("| %s | %d | %d | %d | %d |%n", mode.label, h.getValueAtPercentile(50), h.getValueAtPercentile(90),
                    h.getValueAtPercentile(99), h.getMaxValue());
        }
        return blockP50;
    }

    private void throughput() throws Exception {
        int blocks = quick ? 2 : 6;
        long blockMillis = quick ? 1000 : 3000;
        int concurrency = 4;
        List<Mode> modes = List.of(Mode.DIRECT, Mode.PASS_THROUGH, Mode.RELAY);
        Map<Mode, List<Double>> rates = new LinkedHashMap<>();
        modes.forEach(m -> rates.put(m, new ArrayList<>()));
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try {
            for (int b = 0; b < blocks; b++) {
                for (int m = 0; m < modes.size(); m++) {
                    Mode mode = modes.get((m + b) % modes.size());
                    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(blockMillis);
                    List<Callable<Long>> tasks = new ArrayList<>();
                    for (int t = 0; t < concurrency; t++) {
                        tasks.add(() -> {
                            long n = 0;
                            while (System.nanoTime() < deadline) {
                                String response = pkOnce(mode);
                                if ((n & 63) == 0) { // spot checks: parsing every reply would charge the harness to the relay
                                    checkPk(mode, response);
                                }
                                n++;
                            }
                            return n;
                        });
                    }
                    long t0 = System.nanoTime();
                    long ops = 0;
                    for (Future<Long> f : pool.invokeAll(tasks)) {
                        ops += f.get();
                    }
                    rates.get(mode).add(ops / ((System.nanoTime() - t0) / 1e9));
                }
            }
        } finally {
            pool.shutdownNow();
        }
        out.printf("## 1-row primary-key SELECT, concurrency %d (throughput, requests/s)%n%n", concurrency);
        out.printf("%d interleaved blocks of %d ms per mode.%n%n| mode | median req/s |%n|---|---:|%n", blocks, blockMillis);
        for (Mode mode : modes) {
            out.printf("| %s | %.0f |%n", mode.label, Measure.median(rates.get(mode)));
        }
        out.printf("%n| ratio of throughput (per block) | median | min | max | target |%n|---|---:|---:|---:|---|%n");
        ratio("relay / direct JDBC", rates.get(Mode.RELAY), rates.get(Mode.DIRECT), "≥ 0.5");
        ratio("pass-through / direct JDBC", rates.get(Mode.PASS_THROUGH), rates.get(Mode.DIRECT), "—");
        out.println();
    }

    /**
     * NIO against native epoll: two pass-through relays (each with a control plane on the same
     * transport), interleaved: p50 at concurrency 1, then CPU time per request at concurrency 4,
     * split by thread group (ThreadMXBean per thread, the process CPU time for the rest).
     */
    private void transports() throws Exception {
        out.printf("## Netty transport: NIO vs native epoll (pass-through relays, side by side)%n%n");
        Relay nio = startRelay(Mode.PASS_THROUGH, "nio");
        Relay epoll = startRelay(Mode.PASS_THROUGH, "epoll");
        try {
            if (!epoll.server().transport().equals("epoll")) {
                out.printf("Not measured: native epoll is not available on this platform.%n%n");
                return;
            }
            List<Relay> sides = List.of(nio, epoll);
            for (Relay r : sides) {
                firstAnswer(r);
                for (int i = 0; i < (quick ? 2000 : 10_000); i++) {
                    checkPk(Mode.PASS_THROUGH, r.executeText("pg", PK_QUERY));
                }
            }
            int blocks = quick ? 4 : 10;
            int perBlock = quick ? 200 : 500;
            List<List<Double>> p50 = List.of(new ArrayList<>(), new ArrayList<>());
            for (int b = 0; b < blocks; b++) {
                for (int k = 0; k < 2; k++) {
                    int side = (k + b) % 2;
                    Histogram h = new Histogram(3);
                    for (int i = 0; i < perBlock; i++) {
                        long t0 = System.nanoTime();
                        String response = sides.get(side).executeText("pg", PK_QUERY);
                        h.recordValue((System.nanoTime() - t0) / 1000);
                        checkPk(Mode.PASS_THROUGH, response);
                    }
                    p50.get(side).add((double) h.getValueAtPercentile(50));
                }
            }
            int cpuBlocks = quick ? 2 : 4;
            long blockMillis = quick ? 1000 : 2000;
            List<Map<String, Double>> cpu = List.of(new LinkedHashMap<>(), new LinkedHashMap<>());
            List<List<Double>> rates = List.of(new ArrayList<>(), new ArrayList<>());
            long[] served = new long[2];
            ExecutorService pool = Executors.newFixedThreadPool(4, r -> new Thread(r, "bench-caller"));
            try {
                for (int b = 0; b < cpuBlocks; b++) {
                    for (int k = 0; k < 2; k++) {
                        int side = (k + b) % 2;
                        Relay relay = sides.get(side);
                        Map<Long, Long> threadsBefore = threadCpu();
                        long processBefore = processCpu();
                        long t0 = System.nanoTime();
                        long deadline = t0 + TimeUnit.MILLISECONDS.toNanos(blockMillis);
                        List<Callable<Long>> tasks = new ArrayList<>();
                        for (int t = 0; t < 4; t++) {
                            tasks.add(() -> {
                                long n = 0;
                                while (System.nanoTime() < deadline) {
                                    String response = relay.executeText("pg", PK_QUERY);
                                    if ((n & 63) == 0) {
                                        checkPk(Mode.PASS_THROUGH, response);
                                    }
                                    n++;
                                }
                                return n;
                            });
                        }
                        long ops = 0;
                        for (Future<Long> f : pool.invokeAll(tasks)) {
                            ops += f.get();
                        }
                        rates.get(side).add(ops / ((System.nanoTime() - t0) / 1e9));
                        long processNanos = processCpu() - processBefore;
                        Map<String, Long> byGroup = cpuByGroup(threadsBefore, threadCpu());
                        long threads = byGroup.values().stream().mapToLong(Long::longValue).sum();
                        byGroup.put("JVM internal (GC, JIT): process minus Java threads", Math.max(0, processNanos - threads));
                        byGroup.put("total JVM (process CPU time)", processNanos);
                        Map<String, Double> acc = cpu.get(side);
                        byGroup.forEach((g, nanos) -> acc.merge(g, (double) nanos, Double::sum));
                        served[side] += ops;
                    }
                }
            } finally {
                pool.shutdownNow();
            }
            out.printf("Latency: %d interleaved blocks × %d requests per transport; CPU: %d interleaved blocks of %d ms"
                    + " at concurrency 4. PostgreSQL's own CPU is not included (another process).%n%n",
                    blocks, perBlock, cpuBlocks, blockMillis);
            out.printf("| | NIO | epoll |%n|---|---:|---:|%n");
            out.printf("| p50 µs, concurrency 1 (median of blocks) | %.0f | %.0f |%n", Measure.median(p50.get(0)), Measure.median(p50.get(1)));
            out.printf("| requests/s, concurrency 4 (median of blocks) | %.0f | %.0f |%n", Measure.median(rates.get(0)),
                    Measure.median(rates.get(1)));
            java.util.Set<String> groups = new java.util.LinkedHashSet<>(cpu.get(0).keySet());
            groups.addAll(cpu.get(1).keySet());
            for (String g : groups) {
                out.printf("| µs CPU per request: %s | %.1f | %.1f |%n", g,
                        cpu.get(0).getOrDefault(g, 0.0) / 1000 / Math.max(1, served[0]),
                        cpu.get(1).getOrDefault(g, 0.0) / 1000 / Math.max(1, served[1]));
            }
            out.printf("%n| ratio (per block) | median | min | max |%n|---|---:|---:|---:|%n");
            List<Double> latencyRatios = new ArrayList<>();
            for (int i = 0; i < blocks; i++) {
                latencyRatios.add(p50.get(1).get(i) / p50.get(0).get(i));
            }
            List<Double> rateRatios = new ArrayList<>();
            for (int i = 0; i < cpuBlocks; i++) {
                rateRatios.add(rates.get(1).get(i) / rates.get(0).get(i));
            }
            for (var e : Map.of("p50, epoll / NIO", latencyRatios, "throughput, epoll / NIO", rateRatios).entrySet()) {
                out.printf("| %s | %.2f | %.2f | %.2f |%n", e.getKey(), Measure.median(e.getValue()),
                        e.getValue().stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN),
                        e.getValue().stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN));
            }
            out.println();
        } finally {
            for (Relay r : List.of(nio, epoll)) {
                r.runtime().shutdown();
                r.server().close();
            }
        }
    }

    /**
     * Sends the 1-row query until the relay answers it (for up to 30 s): a relay that has just
     * connected may still refuse it while its resources are being probed.
     */
    private static void firstAnswer(Relay relay) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                checkPk(Mode.PASS_THROUGH, relay.executeText("pg", PK_QUERY));
                return;
            } catch (IllegalStateException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    private static Map<Long, Long> threadCpu() {
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Map<Long, Long> cpu = new java.util.HashMap<>();
        for (long id : mx.getAllThreadIds()) {
            long t = mx.getThreadCpuTime(id);
            if (t >= 0) {
                cpu.put(id, t);
            }
        }
        return cpu;
    }

    /** CPU nanoseconds spent between two snapshots, summed by thread group (threads alive at the end). */
    private static Map<String, Long> cpuByGroup(Map<Long, Long> before, Map<Long, Long> after) {
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Map<String, Long> groups = new LinkedHashMap<>();
        for (String g : List.of("relay workers", "relay event loop", "control plane event loop", "callers", "other Java threads")) {
            groups.put(g, 0L);
        }
        for (Map.Entry<Long, Long> e : after.entrySet()) {
            java.lang.management.ThreadInfo info = mx.getThreadInfo(e.getKey());
            if (info == null) {
                continue;
            }
            String name = info.getThreadName();
            String group = name.startsWith("relay-worker") ? "relay workers"
                    : name.startsWith("relay-io") ? "relay event loop"
                    : name.startsWith("multiThreadIoEventLoopGroup") ? "control plane event loop"
                    : name.startsWith("bench-caller") ? "callers"
                    : "other Java threads";
            groups.merge(group, e.getValue() - before.getOrDefault(e.getKey(), 0L), Long::sum);
        }
        return groups;
    }

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private void wideResult() throws Exception {
        int blocks = quick ? 2 : 6;
        int reps = quick ? 2 : 3;
        String sql = "SELECT id, c1, c2, c3, c4, c5, c6, c7, c8, c9 FROM wide WHERE id <= 10000 ORDER BY id";
        Relay relay = relays.get(Mode.RELAY);
        int maskedFields = relay.execute("pg-wide", sql).path("metadata").path("maskedFieldCount").asInt();
        for (int i = 0; i < (quick ? 10 : 40); i++) { // warm-up (JIT of masking, encoding, the fetch loop)
            Measure.readEveryCell(direct, sql);
            checkWide(relay.executeText("pg-wide", sql));
        }
        List<Double> relayMs = new ArrayList<>();
        List<Double> relayParsedMs = new ArrayList<>();
        List<Double> directMs = new ArrayList<>();
        for (int b = 0; b < blocks; b++) {
            boolean relayFirst = b % 2 == 0;
            for (int side = 0; side < 2; side++) {
                boolean doRelay = (side == 0) == relayFirst;
                List<Double> samples = new ArrayList<>();
                List<Double> parsedSamples = new ArrayList<>();
                for (int r = 0; r < reps; r++) {
                    long t0 = System.nanoTime();
                    if (doRelay) {
                        String response = relay.executeText("pg-wide", sql);
                        long received = System.nanoTime();
                        checkWide(response); // the control plane's full tree parse, timed apart
                        samples.add((received - t0) / 1e6);
                        parsedSamples.add((System.nanoTime() - t0) / 1e6);
                    } else {
                        if (Measure.readEveryCell(direct, sql) != 10_000) {
                            throw new IllegalStateException("wide: expected 10000 rows directly");
                        }
                        samples.add((System.nanoTime() - t0) / 1e6);
                    }
                }
                (doRelay ? relayMs : directMs).add(Measure.median(samples));
                if (doRelay) {
                    relayParsedMs.add(Measure.median(parsedSamples));
                }
            }
        }
        out.printf("## 10,000 rows × 10 columns, 2%% PII cells, masked (ms per request)%n%n");
        out.printf("Direct JDBC reads every cell with getString; the relay masks every cell (%d fields masked),"
                + " writes the audit record and sends the JSON over the WebSocket. The relay's time ends when the"
                + " control plane has received the whole response and matched it to its request by id; the next"
                + " row adds the control plane parsing the 1.8 MB response into a Jackson tree (harness work,"
                + " shown for transparency).%n%n", maskedFields);
        out.printf("| mode | median ms |%n|---|---:|%n| %s | %.1f |%n| %s | %.1f |%n| %s | %.1f |%n%n",
                Mode.DIRECT.label, Measure.median(directMs), Mode.RELAY.label, Measure.median(relayMs),
                Mode.RELAY.label + " + control-plane tree parse", Measure.median(relayParsedMs));
        out.printf("| ratio (per block) | median | min | max | target |%n|---|---:|---:|---:|---|%n");
        ratio("relay / direct JDBC", relayMs, directMs, "≤ 2.0");
        ratio("relay + tree parse / direct JDBC", relayParsedMs, directMs, "—");
        out.println();
    }

    private static void checkWide(String responseText) {
        int rows = resultOf(responseText).path("rows").size();
        if (rows != 10_000) {
            throw new IllegalStateException("wide: expected 10000 rows, got " + rows);
        }
    }

    private void heapGrowth() {
        Relay relay = relays.get(Mode.RELAY);
        String small = "SELECT id, c1, c2, c3, c4, c5, c6, c7, c8, c9 FROM wide WHERE id <= 10000";
        String large = "SELECT id, c1, c2, c3, c4, c5, c6, c7, c8, c9 FROM wide";
        out.printf("## Heap growth of one clamped request (MiB above the idle heap, peak over the request)%n%n");
        out.printf("Peak heap is read from the JVM's heap pools after a full GC and a peak reset; the whole JVM"
                + " (control plane, relays, driver) is measured, so the figure is an upper bound for the relay.%n%n");
        double regionMiB = heapRegionMiB();
        out.printf("| clamp | 10,000-row table | 100,000-row table | ratio | target |%n|---|---:|---:|---:|---|%n");
        for (String resource : List.of("pg-rows", "pg-bytes")) {
            relay.execute(resource, small); // warm-up
            relay.execute(resource, large);
            double s = medianHeap(relay, resource, small);
            double l = medianHeap(relay, resource, large);
            // the heap pools count whole G1 regions: below one region a growth reads as 0
            String ratio = s < regionMiB && l < regionMiB
                    ? String.format(Locale.ROOT, "flat (both < %.0f MiB, one heap region: the resolution)", regionMiB)
                    : String.format(Locale.ROOT, "%.2f", l / Math.max(s, regionMiB));
            out.printf("| %s | %.1f | %.1f | %s | ≤ 2.0 |%n",
                    resource.equals("pg-rows") ? "by rows (maxRowsPerQuery 1000)" : "by bytes (maxResponseBytes 1MiB)",
                    s, l, ratio);
        }
        JsonNode meta = relay.execute("pg-bytes", large).path("metadata");
        out.printf("%nThe 100,000-row request clamped by bytes returned %d rows, clamped=%s, truncatedBy=%s.%n%n",
                meta.path("rowCount").asInt(), meta.path("clamped").asBoolean(), meta.path("truncatedBy").asText());
    }

    private double medianHeap(Relay relay, String resource, String sql) {
        List<Double> samples = new ArrayList<>();
        for (int i = 0; i < (quick ? 2 : 5); i++) {
            System.gc();
            long base = heapUsed(false);
            resetPeaks();
            relay.execute(resource, sql);
            samples.add((heapUsed(true) - base) / (1024.0 * 1024.0));
        }
        return Measure.median(samples);
    }

    /** G1's heap region size in MiB (the heap pools' resolution), or 0 for another collector. */
    private static double heapRegionMiB() {
        try {
            var diagnostics = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            return Long.parseLong(diagnostics.getVMOption("G1HeapRegionSize").getValue()) / (1024.0 * 1024.0);
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private static long heapUsed(boolean peak) {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += (peak ? pool.getPeakUsage() : pool.getUsage()).getUsed();
            }
        }
        return sum;
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    /** Starts the packaged relay as its own process, lets it connect and idle, and reads its RSS. */
    private void idleMemory(Path relayJar) throws Exception {
        out.printf("## Idle resident memory of the runtime (packaged relay.jar, own process)%n%n");
        if (!Files.isRegularFile(relayJar)) {
            out.printf("Skipped: %s not found (build it with ./mvnw package first).%n", relayJar);
            return;
        }
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            out.printf("Not measured: /proc is not available on this OS.%n");
            return;
        }
        List<List<String>> flagSets = List.of(
                List.of(),
                List.of("-XX:+UseSerialGC", "-Xms16m", "-Xmx128m", "-XX:MaxMetaspaceSize=96m",
                        "-XX:ReservedCodeCacheSize=32m", "-Xss512k", "-XX:TieredStopAtLevel=1"));
        out.printf("| JVM flags | RSS after 15 s idle (MiB) | target |%n|---|---:|---|%n");
        for (List<String> flags : flagSets) {
            try (ControlPlaneServer server = ControlPlaneServer.builder().token(TOKEN).build().start()) {
                Path cfg = work.resolve("relay-idle.yaml");
                Files.writeString(cfg, """
                        relayId: bench-idle
                        controlPlane: {url: %s, token: %s, insecure: true}
                        resources:
                          - id: pg
                            type: postgres
                            connection: {url: "%s", username: %s, password: "%s"}
                            allowedOperations: [query]
                        audit: {enabled: false}
                        """.formatted(server.url(), TOKEN, pg.jdbcUrl(database), pg.user(), pg.password()));
                List<String> cmd = new ArrayList<>();
                cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
                cmd.addAll(flags);
                cmd.addAll(List.of("-jar", relayJar.toString(), "run", "--config", cfg.toString()));
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                try {
                    RelaySession session = server.awaitConnection(Duration.ofSeconds(60));
                    ObjectNode params = JSON.createObjectNode().put("resourceId", "pg").put("operation", "query")
                            .put("query", PK_QUERY);
                    session.call("execute", params, CALL); // one request so the pool and JIT have been used
                    Thread.sleep(15_000);
                    long kb = rssKb(p.pid());
                    out.printf("| %s | %.1f | ≤ 150 |%n", flags.isEmpty() ? "(JVM defaults)" : String.join(" ", flags),
                            kb / 1024.0);
                } finally {
                    p.destroy();
                    p.waitFor(30, TimeUnit.SECONDS);
                }
            }
        }
        out.println();
    }

    private static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"), StandardCharsets.UTF_8)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmRSS for pid " + pid);
    }

    // ------------------------------------------------------------------ statistics

    private void ratio(String name, List<Double> numerator, List<Double> denominator, String target) {
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < Math.min(numerator.size(), denominator.size()); i++) {
            ratios.add(numerator.get(i) / denominator.get(i));
        }
        out.printf("| %s | %.2f | %.2f | %.2f | %s |%n", name, Measure.median(ratios),
                ratios.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN),
                ratios.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN), target);
    }

}

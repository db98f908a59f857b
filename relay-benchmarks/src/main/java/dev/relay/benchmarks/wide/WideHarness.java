package dev.relay.benchmarks.wide;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.relay.benchmarks.e2e.Measure;
import dev.relay.connectors.postgres.PostgresConnectorProvider;
import dev.relay.masking.MaskScope;
import dev.relay.masking.MaskStats;
import dev.relay.masking.Masker;
import dev.relay.masking.MaskingConfig;
import dev.relay.policy.ApprovedQuery;
import dev.relay.policy.Decision;
import dev.relay.policy.Operation;
import dev.relay.policy.PolicyEngine;
import dev.relay.policy.PolicyRequest;
import dev.relay.policy.ResourcePolicy;
import dev.relay.policy.spi.Column;
import dev.relay.policy.spi.ConnectorConfig;
import dev.relay.policy.spi.QueryContext;
import dev.relay.policy.spi.QueryResult;
import dev.relay.policy.spi.ResourceConnector;
import dev.relay.protocol.Decoded;
import dev.relay.protocol.JsonRpcCodec;
import dev.relay.protocol.Response;
import dev.relay.runtime.RelayConfig;
import dev.relay.runtime.RelayConfigLoader;
import dev.relay.runtime.RelayRuntime;
import dev.relay.testkit.controlplane.ControlPlaneServer;
import dev.relay.testkit.controlplane.RelaySession;
import dev.relay.testkit.db.PostgresFixture;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The 10,000 × 10 masked-result scenario of issue 11 on its own, for side-by-side runs of two
 * builds (run the harness of each build alternately and compare the ratios, never the absolute
 * figures across runs).
 *
 * <ul>
 *   <li>{@code e2e} (default): a {@link RelayRuntime} and the testkit's control plane in this JVM,
 *       as the end-to-end driver sets them up (audit to a file, masking defaults), interleaved in
 *       blocks with direct HikariCP JDBC reading every cell with {@code getString}; prints the
 *       per-block ratio relay / direct.</li>
 *   <li>{@code stages}: the relay's stages called one by one in this JVM, no WebSocket: the
 *       connector's fetch and mapping next to the direct {@code getString} loop, masking every
 *       cell, and encoding the reply to a discarding stream; medians, allocated bytes per stage
 *       (thread allocation counter) and GC time.</li>
 * </ul>
 *
 * <pre>{@code java -cp relay-benchmarks/target/benchmarks.jar dev.relay.benchmarks.wide.WideHarness e2e 8}</pre>
 */
public final class WideHarness {

    static final String SQL = "SELECT id, c1, c2, c3, c4, c5, c6, c7, c8, c9 FROM wide WHERE id <= 10000 ORDER BY id";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "bench-token-0123456789abcdef";
    private static final int ROWS = 20_000;
    /** {@code Masker.maskRows} when this build has it (the harness runs against older builds too). */
    private static final java.lang.reflect.@Nullable Method MASK_ROWS = maskRows();

    private static java.lang.reflect.@Nullable Method maskRows() {
        try {
            return Masker.class.getMethod("maskRows", List.class, List.class, MaskScope.class, MaskStats.class);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    private final PostgresFixture pg;
    private final String database;
    private final HikariDataSource direct;

    private WideHarness() {
        pg = PostgresFixture.shared();
        database = pg.createDatabase("wide");
        // the driver's table and data
        pg.executeIn(database, Measure.wideTable(ROWS));
        pg.executeIn(database, "ANALYZE wide", "GRANT SELECT ON wide TO " + pg.user());
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(pg.jdbcUrl(database));
        hc.setUsername(pg.user());
        hc.setPassword(pg.password());
        hc.setMaximumPoolSize(2);
        hc.setReadOnly(true);
        direct = new HikariDataSource(hc);
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "e2e";
        int blocks = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        WideHarness h = new WideHarness();
        try {
            if (mode.equals("stages")) {
                h.stages(blocks);
            } else if (mode.equals("mask")) {
                h.maskSideBySide(blocks);
            } else {
                h.endToEnd(blocks);
            }
        } finally {
            h.direct.close();
        }
        System.exit(0);
    }

    // ------------------------------------------------------------------ end to end

    /** A relay in this JVM with its own control plane; {@code finishedAt}: when its pipeline last answered. */
    private record Side(String name, ControlPlaneServer server, RelayRuntime runtime, RelaySession session,
            java.util.concurrent.atomic.AtomicLong finishedAt) {
        void close() {
            runtime.shutdown();
            server.close();
        }
    }

    private Side startRelay(String name, Path work, String masking, String audit) throws IOException {
        ControlPlaneServer server = ControlPlaneServer.builder().token(TOKEN).maxMessageBytes(256 << 20)
                .recordHistory(false).build().start();
        String yaml = """
                relayId: bench-wide-%s
                controlPlane:
                  url: %s
                  token: %s
                  insecure: true
                limits: {maxConcurrentRequests: 8, queueSize: 256, maxRequestBytes: 1MiB}
                resources:
                  - id: pg-wide
                    type: postgres
                    connection: {url: "%s", username: %s, password: "%s"}
                    allowedOperations: [query]
                    maxRowsPerQuery: 10000
                    maxResponseBytes: 256MiB
                masking: %s
                audit: %s
                """.formatted(name, server.url(), TOKEN, pg.jdbcUrl(database), pg.user(), pg.password(), masking, audit);
        Path file = work.resolve("relay-" + name + ".yaml"); // one file per relay: a relay watches its file
        Files.writeString(file, yaml);
        RelayConfig config = RelayConfigLoader.create().load(file);
        java.util.concurrent.atomic.AtomicLong finishedAt = new java.util.concurrent.atomic.AtomicLong();
        RelayRuntime runtime = RelayRuntime.builder(config).auditOut(OutputStream.nullOutputStream())
                .listener(new dev.relay.runtime.RelayListener() {
                    @Override
                    public void requestFinished(RequestFinished event) {
                        finishedAt.set(System.nanoTime()); // the pipeline's answer, before it is encoded and sent
                    }
                }).build().start();
        return new Side(name, server, runtime, server.awaitConnection(Duration.ofSeconds(30)), finishedAt);
    }

    /**
     * Direct JDBC, the full relay (masking defaults, audit to a file) and a pass-through relay
     * (every detector off, audit off: the same query, connector, encoding and transport), one
     * request each in a rotating order, 3 per block.
     */
    private void endToEnd(int blocks) throws Exception {
        Path work = Files.createTempDirectory("relay-wide");
        Side full = startRelay("full", work, "{}", "{sink: file, file: {path: \"" + work.resolve("audit.jsonl") + "\"}}");
        Side pass = startRelay("pass", work, "{detectors: {cpf: false, cnpj: false, email: false, credit_card: false,"
                + " phone: false, bearer_token: false, jwt: false, api_key: false}}", "{enabled: false}");
        List<Side> relays = List.of(full, pass);
        try {
            ObjectNode params = JSON.createObjectNode().put("resourceId", "pg-wide").put("operation", "query")
                    .put("query", SQL);
            for (Side side : relays) {
                JsonNode tree = JSON.readTree(side.session().callText("execute", params, Duration.ofSeconds(60)));
                System.out.printf("%s: masked fields %d%n", side.name(),
                        tree.path("result").path("metadata").path("maskedFieldCount").asInt());
            }
            for (int i = 0; i < 40; i++) {
                Measure.readEveryCell(direct, SQL);
                for (Side side : relays) {
                    check(side.session().callText("execute", params, Duration.ofSeconds(60)));
                }
            }
            int sides = 1 + relays.size();
            List<List<Double>> ms = new ArrayList<>(); // per side: block medians
            List<List<Double>> exec = new ArrayList<>();
            List<List<Double>> reply = new ArrayList<>();
            for (int k = 0; k < sides; k++) {
                ms.add(new ArrayList<>());
                exec.add(new ArrayList<>());
                reply.add(new ArrayList<>());
            }
            for (int b = 0; b < blocks; b++) {
                List<List<Double>> samples = new ArrayList<>();
                for (int k = 0; k < sides; k++) {
                    samples.add(new ArrayList<>());
                }
                for (int rep = 0; rep < 3; rep++) {
                    for (int o = 0; o < sides; o++) {
                        int k = (o + b + rep) % sides; // the order rotates
                        long t0 = System.nanoTime();
                        if (k == 0) {
                            Measure.readEveryCell(direct, SQL);
                            samples.get(0).add((System.nanoTime() - t0) / 1e6);
                        } else {
                            Side side = relays.get(k - 1);
                            String text = side.session().callText("execute", params, Duration.ofSeconds(60));
                            long t1 = System.nanoTime();
                            samples.get(k).add((t1 - t0) / 1e6);
                            reply.get(k).add((t1 - side.finishedAt().get()) / 1e6);
                            exec.get(k).add((double) check(text));
                        }
                    }
                }
                for (int k = 0; k < sides; k++) {
                    ms.get(k).add(Measure.median(samples.get(k)));
                }
            }
            System.out.printf("e2e, %d blocks x 3 requests per side (medians, ms): direct %.1f", blocks, Measure.median(ms.get(0)));
            for (int k = 1; k < sides; k++) {
                System.out.printf("; %s %.1f (connector %.0f, reply encode+send+receive %.1f)", relays.get(k - 1).name(),
                        Measure.median(ms.get(k)), Measure.median(exec.get(k)), Measure.median(reply.get(k)));
            }
            System.out.println();
            printRatio("full / direct", ms.get(1), ms.get(0));
            printRatio("pass-through / direct", ms.get(2), ms.get(0));
            printRatio("full / pass-through", ms.get(1), ms.get(2));
        } finally {
            for (Side side : relays) {
                side.close();
            }
        }
    }

    private static void printRatio(String label, List<Double> a, List<Double> b) {
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            ratios.add(a.get(i) / b.get(i));
        }
        System.out.printf("  %-24s median %.2f (min %.2f, max %.2f over blocks)%n", label, Measure.median(ratios),
                Collections.min(ratios), Collections.max(ratios));
    }

    /** Checks the reply; returns its {@code metadata.executionTimeMs}. */
    private static long check(String text) throws IOException {
        JsonNode result = JSON.readTree(text).path("result");
        if (result.path("rows").size() != 10_000) {
            throw new IllegalStateException("expected 10000 rows, got " + result.path("rows").size());
        }
        return result.path("metadata").path("executionTimeMs").asLong();
    }

    // ------------------------------------------------------------------ stages

    private void stages(int blocks) throws Exception {
        Map<String, Object> connection = new LinkedHashMap<>();
        connection.put("url", pg.jdbcUrl(database));
        connection.put("username", pg.user());
        connection.put("password", pg.password());
        ResourceConnector connector = new PostgresConnectorProvider().create(new ConnectorConfig("pg-wide", "postgres",
                connection, Map.of(), Duration.ofSeconds(30), 256L << 20));
        ResourcePolicy policy = ResourcePolicy.builder("pg-wide", "postgres")
                .allowedOperations(EnumSet.of(Operation.QUERY)).maxRowsPerQuery(10_000).build();
        ApprovedQuery approved;
        try (PolicyEngine engine = PolicyEngine.builder().resource(policy).build()) {
            Decision d = engine.evaluate(new PolicyRequest("pg-wide", "query", SQL, List.of(), null, null, null, null,
                    null, null, null, null));
            approved = ((Decision.Allowed) d).query();
        }
        Masker masker = Masker.create(MaskingConfig.fromMap(Map.of()));
        JsonRpcCodec codec = JsonRpcCodec.defaults();
        dev.relay.protocol.internal.ValueWriter checker = new dev.relay.protocol.internal.ValueWriter(512);
        Decoded decoded = codec.decode("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"execute\",\"params\":{}}");

        String[] names = {"direct getString", "connector.query", "mask (pipeline shape)", "encode to stream",
            "  of which the value check"};
        List<List<Double>> ms = new ArrayList<>();
        List<List<Double>> alloc = new ArrayList<>();
        List<List<Double>> cpu = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            ms.add(new ArrayList<>());
            alloc.add(new ArrayList<>());
            cpu.add(new ArrayList<>());
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        int warm = 30;
        long gcBefore = 0;
        for (int it = 0; it < warm + blocks * 5; it++) {
            if (it == warm) {
                gcBefore = gcMillis();
            }
            boolean record = it >= warm;
            long a0 = threads.getThreadAllocatedBytes(tid);
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            Measure.readEveryCell(direct, SQL);
            long t1 = System.nanoTime();
            long a1 = threads.getThreadAllocatedBytes(tid);
            long c1 = threads.getCurrentThreadCpuTime();
            QueryResult.Rows rows = (QueryResult.Rows) connector.query(approved,
                    new QueryContext("r", Duration.ofSeconds(30), 256L << 20));
            long t2 = System.nanoTime();
            long a2 = threads.getThreadAllocatedBytes(tid);
            long c2 = threads.getCurrentThreadCpuTime();
            MaskStats stats = new MaskStats();
            Map<String, Object> body = maskLikePipeline(rows, masker, stats);
            long t3 = System.nanoTime();
            long a3 = threads.getThreadAllocatedBytes(tid);
            long c3 = threads.getCurrentThreadCpuTime();
            codec.reply(decoded, List.of(Response.success(decoded.requests().get(0).id(), body)),
                    OutputStream.nullOutputStream());
            long t4 = System.nanoTime();
            long a4 = threads.getThreadAllocatedBytes(tid);
            long c4 = threads.getCurrentThreadCpuTime();
            checker.check(body);
            long t5 = System.nanoTime();
            long a5 = threads.getThreadAllocatedBytes(tid);
            long c5 = threads.getCurrentThreadCpuTime();
            if (stats.fieldsMasked() != 4000) {
                throw new IllegalStateException("masked " + stats.fieldsMasked());
            }
            if (record) {
                long[] t = {t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4};
                long[] a = {a1 - a0, a2 - a1, a3 - a2, a4 - a3, a5 - a4};
                long[] c = {c1 - c0, c2 - c1, c3 - c2, c4 - c3, c5 - c4};
                for (int s = 0; s < names.length; s++) {
                    ms.get(s).add(t[s] / 1e6);
                    alloc.get(s).add(a[s] / 1048576.0);
                    cpu.get(s).add(c[s] / 1e6);
                }
            }
        }
        long gc = gcMillis() - gcBefore;
        System.out.printf("stages, %d iterations after %d warm-up (medians: wall ms, this thread's CPU ms, MiB allocated):%n",
                blocks * 5, warm);
        for (int s = 0; s < names.length; s++) {
            System.out.printf("  %-28s %7.2f ms  %7.2f ms CPU  %7.1f MiB%n", names[s], Measure.median(ms.get(s)),
                    Measure.median(cpu.get(s)), Measure.median(alloc.get(s)));
        }
        System.out.printf("  connector / direct: wall %.2f, CPU %.2f; GC time over the run: %d ms%n",
                Measure.median(ms.get(1)) / Measure.median(ms.get(0)), Measure.median(cpu.get(1)) / Measure.median(cpu.get(0)), gc);
        connector.close();
    }

    /**
     * Masking the same result both ways in one JVM, alternating: a {@code maskValue} per cell into a
     * new list per row (the pipeline before {@code Masker.maskRows}) and one {@code maskRows}.
     */
    private void maskSideBySide(int blocks) throws Exception {
        if (MASK_ROWS == null) {
            throw new IllegalStateException("this build has no Masker.maskRows");
        }
        QueryResult.Rows rows = (QueryResult.Rows) connector().query(approved(), new QueryContext("r",
                Duration.ofSeconds(30), 256L << 20));
        Masker masker = Masker.create(MaskingConfig.fromMap(Map.of()));
        List<MaskScope> scopes = new ArrayList<>();
        for (Column c : rows.columns()) {
            scopes.add(new MaskScope("pg-wide", c.table(), c.ruleName()));
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        List<Double> perCell = new ArrayList<>();
        List<Double> table = new ArrayList<>();
        long[] alloc = new long[2];
        for (int it = 0; it < 40 + blocks * 20; it++) {
            for (int side = 0; side < 2; side++) {
                boolean old = (side == 0) == (it % 2 == 0);
                MaskStats stats = new MaskStats();
                long a0 = threads.getCurrentThreadAllocatedBytes();
                long c0 = threads.getCurrentThreadCpuTime();
                Object out;
                if (old) {
                    List<Object> masked = new ArrayList<>(rows.rows().size());
                    for (List<@Nullable Object> row : rows.rows()) {
                        List<@Nullable Object> m = new ArrayList<>(row.size());
                        for (int i = 0; i < row.size(); i++) {
                            m.add(masker.maskValue(row.get(i), scopes.get(i), stats));
                        }
                        masked.add(m);
                    }
                    out = masked;
                } else {
                    out = MASK_ROWS.invoke(masker, rows.rows(), scopes, MaskScope.of("pg-wide", null), stats);
                }
                long cpu = threads.getCurrentThreadCpuTime() - c0;
                long bytes = threads.getCurrentThreadAllocatedBytes() - a0;
                if (stats.fieldsMasked() != 4000 || ((List<?>) out).size() != 10_000) {
                    throw new IllegalStateException("masked " + stats.fieldsMasked());
                }
                if (it >= 40) {
                    (old ? perCell : table).add(cpu / 1e6);
                    alloc[old ? 0 : 1] = bytes;
                }
            }
        }
        System.out.printf("masking 10,000 x 10, %d alternating pairs (median thread CPU ms, MiB allocated):"
                + " maskValue per cell %.2f (%.1f MiB), maskRows %.2f (%.1f MiB); maskRows / per cell %.2f%n",
                perCell.size(), Measure.median(perCell), alloc[0] / 1048576.0, Measure.median(table), alloc[1] / 1048576.0,
                Measure.median(table) / Measure.median(perCell));
    }

    private ResourceConnector connector() {
        Map<String, Object> connection = new LinkedHashMap<>();
        connection.put("url", pg.jdbcUrl(database));
        connection.put("username", pg.user());
        connection.put("password", pg.password());
        return new PostgresConnectorProvider().create(new ConnectorConfig("pg-wide", "postgres", connection, Map.of(),
                Duration.ofSeconds(30), 256L << 20));
    }

    private static ApprovedQuery approved() {
        ResourcePolicy policy = ResourcePolicy.builder("pg-wide", "postgres")
                .allowedOperations(EnumSet.of(Operation.QUERY)).maxRowsPerQuery(10_000).build();
        try (PolicyEngine engine = PolicyEngine.builder().resource(policy).build()) {
            Decision d = engine.evaluate(new PolicyRequest("pg-wide", "query", SQL, List.of(), null, null, null, null,
                    null, null, null, null));
            return ((Decision.Allowed) d).query();
        }
    }

    /** What {@code RequestPipeline.maskedBody} does with a row result. */
    static Map<String, Object> maskLikePipeline(QueryResult.Rows rows, Masker masker, MaskStats stats) {
        Map<String, Object> body = new LinkedHashMap<>();
        List<Object> columns = new ArrayList<>();
        List<MaskScope> scopes = new ArrayList<>();
        for (Column c : rows.columns()) {
            Map<String, Object> col = new LinkedHashMap<>();
            col.put("name", c.name());
            col.put("type", c.type());
            columns.add(col);
            scopes.add(new MaskScope("pg-wide", c.table(), c.ruleName()));
        }
        Object out;
        if (MASK_ROWS != null) { // this build's pipeline
            try {
                out = MASK_ROWS.invoke(masker, rows.rows(), scopes, MaskScope.of("pg-wide", null), stats);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        } else { // the pipeline before Masker.maskRows: one maskValue per cell, a new list per row
            List<Object> masked = new ArrayList<>(rows.rows().size());
            for (List<@Nullable Object> row : rows.rows()) {
                List<@Nullable Object> m = new ArrayList<>(row.size());
                for (int i = 0; i < row.size(); i++) {
                    m.add(masker.maskValue(row.get(i), scopes.get(i), stats));
                }
                masked.add(m);
            }
            out = masked;
        }
        body.put("columns", columns);
        body.put("rows", out);
        body.put("metadata", Map.of("rowCount", rows.rowCount()));
        return body;
    }

    private static long gcMillis() {
        long total = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }

}

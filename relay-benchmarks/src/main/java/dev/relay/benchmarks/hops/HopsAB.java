package dev.relay.benchmarks.hops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.relay.benchmarks.e2e.Measure;
import dev.relay.testkit.controlplane.ControlPlaneServer;
import dev.relay.testkit.controlplane.RelaySession;
import dev.relay.testkit.db.PostgresFixture;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Two builds of the relay side by side in one JVM: each {@code relay.jar} is loaded in its own
 * class loader (its own Netty, runtime, connectors), each connected to its own testkit control
 * plane, both against one embedded PostgreSQL. Requests alternate between the two in interleaved
 * blocks (the order rotates every block): p50 at concurrency 1 for {@code list_resources} (the
 * transport floor, no database) and a 1-row primary-key {@code execute}, then blocks at
 * concurrency 4 with, per request and per thread group, CPU time, kernel time and voluntary context
 * switches (each one a thread going to sleep: a wake-up later), read from
 * {@code /proc/self/task/<tid>/} (see {@link ThreadStats}). A relay's or its control plane's
 * threads are charged to their side whatever block they worked in (so work a side leaves behind,
 * such as a timer draining its queue, is not charged to the other); the callers and the JVM's own
 * threads to the side whose block it was. {@code --profile pk|floor --side A|B --seconds N} instead
 * runs one side for N seconds, printing requests per second, for {@code perf} to attach.
 *
 * <p>Scratch harness for the "hand-offs and wake-ups" work (docs/benchmarks/e2e-profile.md,
 * session 3). Run: {@code java -cp relay-benchmarks/target/benchmarks.jar
 * dev.relay.benchmarks.hops.HopsAB --a base-relay.jar --b relay-runtime/target/relay.jar}
 * (optional {@code --blocks N --per-block N --cpu-blocks N --cpu-ms N --threads N --warm N --pass-through
 * --a-limits "maxConcurrentRequests: 1, queueSize: 8"}, {@code -Dhops.requestTimeout=5s}: request and
 * statement timeout, 30 s by default; a run longer than it measures the steady state of deadlines).
 */
public final class HopsAB {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "hops-token-0123456789abcdef";
    private static final Duration CALL = Duration.ofSeconds(30);
    private static final String PK_QUERY = "SELECT id, name, email, phone, created_at FROM accounts WHERE id = 4242";

    private record Side(String name, ControlPlaneServer server, RelaySession session, Object runtime, Method shutdown,
            ClassLoader loader) {
        String floor() {
            return session.callText("list_resources", null, CALL);
        }

        String pk() {
            ObjectNode params = JSON.createObjectNode().put("resourceId", "pg").put("operation", "query").put("query", PK_QUERY);
            return session.callText("execute", params, CALL);
        }

        String call(boolean floor) {
            return floor ? floor() : pk();
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--")) {
                boolean flag = i + 1 >= args.length || args[i + 1].startsWith("--");
                opt.put(args[i].substring(2), flag ? "true" : args[++i]);
            }
        }
        PrintStream out = System.out;
        int blocks = Integer.parseInt(opt.getOrDefault("blocks", "8"));
        int perBlock = Integer.parseInt(opt.getOrDefault("per-block", "400"));
        int cpuBlocks = Integer.parseInt(opt.getOrDefault("cpu-blocks", "4"));
        long cpuMillis = Long.parseLong(opt.getOrDefault("cpu-ms", "1500"));
        int threads = Integer.parseInt(opt.getOrDefault("threads", "4"));
        int warm = Integer.parseInt(opt.getOrDefault("warm", "15000"));
        boolean fullMode = !opt.containsKey("pass-through");
        Path work = Files.createTempDirectory("hops-ab");
        PostgresFixture pg = PostgresFixture.shared();
        String db = pg.createDatabase("hops");
        pg.executeIn(db,
                "CREATE TABLE accounts (id bigint PRIMARY KEY, name text NOT NULL, email text NOT NULL,"
                        + " phone text, created_at timestamptz NOT NULL)",
                "INSERT INTO accounts SELECT g, 'Customer ' || g, 'customer' || g || '@example.com',"
                        + " '+55 11 9' || lpad((g % 100000000)::text, 8, '0'), timestamptz '2024-01-01' + g * interval '1 minute'"
                        + " FROM generate_series(1, 10000) g",
                "ANALYZE accounts", "GRANT SELECT ON accounts TO " + pg.user());
        List<Side> sides = new ArrayList<>();
        sides.add(start("A", Path.of(opt.getOrDefault("a", "relay-runtime/target/relay.jar")), pg, db, work, fullMode,
                opt.getOrDefault("a-limits", "maxConcurrentRequests: 8, queueSize: 256")));
        sides.add(start("B", Path.of(opt.getOrDefault("b", "relay-runtime/target/relay.jar")), pg, db, work, fullMode,
                opt.getOrDefault("b-limits", "maxConcurrentRequests: 8, queueSize: 256")));
        try {
            for (Side s : sides) {
                first(s);
            }
            for (int i = 0; i < warm; i++) {
                for (Side s : sides) {
                    check(s.pk(), true);
                    check(s.floor(), false);
                }
            }
            if (opt.containsKey("profile")) {
                profile(out, sides.get(opt.getOrDefault("side", "B").equals("A") ? 0 : 1), opt.get("profile").equals("floor"),
                        Integer.parseInt(opt.getOrDefault("seconds", "20")), threads);
                return;
            }
            out.printf("# HopsAB: A = %s {%s}, B = %s {%s} (%s relays)%n%n", opt.getOrDefault("a", "?"),
                    opt.getOrDefault("a-limits", "default"), opt.getOrDefault("b", "?"), opt.getOrDefault("b-limits", "default"),
                    fullMode ? "full: masking + audit to a file" : "pass-through");
            // --echo: the driver's bare Netty WebSocket echo with a worker hand-off (same hops, no relay
            // code), interleaved with the floor blocks
            Object echo = null;
            Method echoTrip = null;
            if (opt.containsKey("echo")) {
                Class<?> c = Class.forName("dev.relay.benchmarks.e2e.EchoFloor");
                var ctor = c.getDeclaredConstructor();
                ctor.setAccessible(true);
                echo = ctor.newInstance();
                echoTrip = c.getDeclaredMethod("roundTrip", boolean.class);
                echoTrip.setAccessible(true);
                for (int i = 0; i < warm; i++) {
                    echoTrip.invoke(echo, true);
                }
            }
            for (boolean floor : new boolean[] {true, false}) {
                List<List<Double>> p50 = List.of(new ArrayList<>(), new ArrayList<>());
                List<Double> echoP50 = new ArrayList<>();
                for (int b = 0; b < blocks; b++) {
                    if (floor && echo != null) {
                        Histogram h = new Histogram(3);
                        for (int i = 0; i < perBlock; i++) {
                            long t0 = System.nanoTime();
                            echoTrip.invoke(echo, true);
                            h.recordValue((System.nanoTime() - t0) / 1000);
                        }
                        echoP50.add((double) h.getValueAtPercentile(50));
                    }
                    for (int k = 0; k < 2; k++) {
                        int side = (k + b) % 2;
                        Histogram h = new Histogram(3);
                        for (int i = 0; i < perBlock; i++) {
                            long t0 = System.nanoTime();
                            String r = sides.get(side).call(floor);
                            h.recordValue((System.nanoTime() - t0) / 1000);
                            check(r, !floor);
                        }
                        p50.get(side).add((double) h.getValueAtPercentile(50));
                    }
                }
                List<Double> ratio = new ArrayList<>();
                for (int b = 0; b < blocks; b++) {
                    ratio.add(p50.get(1).get(b) / p50.get(0).get(b));
                }
                out.printf("%s, concurrency 1, %d blocks × %d: p50 µs A %.0f, B %.0f; B/A per block median %.2f (%.2f–%.2f)%n",
                        floor ? "list_resources (floor)" : "1-row PK execute", blocks, perBlock, Measure.median(p50.get(0)),
                        Measure.median(p50.get(1)), Measure.median(ratio), min(ratio), max(ratio));
                if (!echoP50.isEmpty()) {
                    List<Double> ra = new ArrayList<>();
                    List<Double> rb = new ArrayList<>();
                    for (int b = 0; b < blocks; b++) {
                        ra.add(p50.get(0).get(b) / echoP50.get(b));
                        rb.add(p50.get(1).get(b) / echoP50.get(b));
                    }
                    out.printf("bare WebSocket echo with a worker hand-off, same blocks: p50 µs %.0f; floor / echo per block:"
                            + " A %.2f (%.2f–%.2f), B %.2f (%.2f–%.2f)%n", Measure.median(echoP50), Measure.median(ra), min(ra), max(ra),
                            Measure.median(rb), min(rb), max(rb));
                }
            }
            if (echo != null) {
                ((AutoCloseable) echo).close();
            }
            out.println();
            Map<Long, Integer> owners = ThreadStats.owners(List.of(sides.get(0).loader(), sides.get(1).loader()));
            for (boolean floor : new boolean[] {true, false}) {
                cpuBlocks(out, sides, owners, floor, cpuBlocks, cpuMillis, threads);
            }
        } finally {
            for (Side s : sides) {
                s.shutdown().invoke(s.runtime());
                s.server().close();
            }
        }
        System.exit(0);
    }

    /** Runs one side for a while, printing requests per second, for an outside profiler (perf) to attach. */
    private static void profile(PrintStream out, Side s, boolean floor, int seconds, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> new Thread(r, "hops-caller"));
        java.util.concurrent.atomic.AtomicLong count = new java.util.concurrent.atomic.AtomicLong();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        out.printf("PROFILE pid %d%n", ProcessHandle.current().pid());
        for (int t = 0; t < threads; t++) {
            pool.submit(() -> {
                while (System.nanoTime() < end) {
                    s.call(floor);
                    count.incrementAndGet();
                }
            });
        }
        long last = 0;
        while (System.nanoTime() < end) {
            Thread.sleep(1000);
            long c = count.get();
            out.printf("%d req/s%n", c - last);
            last = c;
        }
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.SECONDS);
    }

    private static void cpuBlocks(PrintStream out, List<Side> sides, Map<Long, Integer> owners, boolean floor, int cpuBlocks, long cpuMillis,
            int threads) throws Exception {
        List<Map<String, double[]>> acc = List.of(new TreeMap<>(), new TreeMap<>());
        List<Map<String, Double>> allocs = List.of(new TreeMap<>(), new TreeMap<>());
        long[] served = new long[2];
        List<List<Double>> rates = List.of(new ArrayList<>(), new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> new Thread(r, "hops-caller"));
        try {
            for (int b = 0; b < cpuBlocks; b++) {
                for (int k = 0; k < 2; k++) {
                    int side = (k + b) % 2;
                    Side s = sides.get(side);
                    Map<Long, double[]> before = ThreadStats.snapshot();
                    Map<Thread, Long> allocBefore = allocated();
                    long t0 = System.nanoTime();
                    long deadline = t0 + TimeUnit.MILLISECONDS.toNanos(cpuMillis);
                    List<Callable<Long>> tasks = new ArrayList<>();
                    for (int t = 0; t < threads; t++) {
                        tasks.add(() -> {
                            long n = 0;
                            while (System.nanoTime() < deadline) {
                                String r = s.call(floor);
                                if ((n & 63) == 0) {
                                    check(r, !floor);
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
                    served[side] += ops;
                    ThreadStats.accumulate(before, ThreadStats.snapshot(), owners, side, acc);
                    Map<Thread, Long> allocAfter = allocated();
                    for (Map.Entry<Thread, Long> e : allocAfter.entrySet()) {
                        ClassLoader cl = e.getKey().getContextClassLoader();
                        int owner = cl == sides.get(0).loader() ? 0 : cl == sides.get(1).loader() ? 1 : side;
                        allocs.get(owner).merge(ThreadStats.group(e.getKey().getName()),
                                (double) (e.getValue() - allocBefore.getOrDefault(e.getKey(), 0L)), Double::sum);
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
        List<Double> ratio = new ArrayList<>();
        for (int b = 0; b < cpuBlocks; b++) {
            ratio.add(rates.get(1).get(b) / rates.get(0).get(b));
        }
        out.printf("## %s, concurrency %d, %d blocks × %d ms per side%n%n", floor ? "list_resources (floor)" : "1-row PK execute",
                threads, cpuBlocks, cpuMillis);
        out.printf("requests/s: A %.0f, B %.0f; B/A per block median %.2f (%.2f–%.2f)%n%n", Measure.median(rates.get(0)),
                Measure.median(rates.get(1)), Measure.median(ratio), min(ratio), max(ratio));
        out.printf("| per request | A cpu µs | A sys µs | A vcsw | B cpu µs | B sys µs | B vcsw |%n|---|---:|---:|---:|---:|---:|---:|%n");
        java.util.Set<String> groups = new java.util.TreeSet<>(acc.get(0).keySet());
        groups.addAll(acc.get(1).keySet());
        double[] totA = new double[3];
        double[] totB = new double[3];
        for (String g : groups) {
            double[] a = acc.get(0).getOrDefault(g, new double[3]);
            double[] bb = acc.get(1).getOrDefault(g, new double[3]);
            for (int i = 0; i < 3; i++) {
                totA[i] += a[i];
                totB[i] += bb[i];
            }
            row(out, g, a, bb, served);
        }
        row(out, "all threads", totA, totB, served);
        out.printf("%n| bytes allocated per request (Java threads) | A | B |%n|---|---:|---:|%n");
        java.util.Set<String> ag = new java.util.TreeSet<>(allocs.get(0).keySet());
        ag.addAll(allocs.get(1).keySet());
        for (String g : ag) {
            out.printf(Locale.ROOT, "| %s | %.0f | %.0f |%n", g, allocs.get(0).getOrDefault(g, 0.0) / Math.max(1, served[0]),
                    allocs.get(1).getOrDefault(g, 0.0) / Math.max(1, served[1]));
        }
        out.println();
    }

    /** Bytes allocated so far by each live Java thread. */
    private static Map<Thread, Long> allocated() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory
                .getThreadMXBean();
        Map<Thread, Long> out = new java.util.HashMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            long b = mx.getThreadAllocatedBytes(t.getId());
            if (b >= 0) {
                out.put(t, b);
            }
        }
        return out;
    }

    private static void row(PrintStream out, String g, double[] a, double[] b, long[] served) {
        double na = Math.max(1, served[0]);
        double nb = Math.max(1, served[1]);
        out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.2f | %.1f | %.1f | %.2f |%n", g, a[0] / 1000 / na, a[1] / 1000 / na,
                a[2] / na, b[0] / 1000 / nb, b[1] / 1000 / nb, b[2] / nb);
    }

    private static Side start(String name, Path jar, PostgresFixture pg, String db, Path work, boolean full, String limits)
            throws Exception {
        URLClassLoader loader = new URLClassLoader("relay-" + name, new URL[] {jar.toUri().toURL()},
                ClassLoader.getPlatformClassLoader());
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        // every thread started from here on (control plane, relay) inherits the loader: it marks the side
        Thread.currentThread().setContextClassLoader(loader);
        try {
            return start(name, loader, pg, db, work, full, limits);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    private static Side start(String name, URLClassLoader loader, PostgresFixture pg, String db, Path work, boolean full,
            String limits) throws Exception {
        ControlPlaneServer server = ControlPlaneServer.builder().token(TOKEN).maxMessageBytes(64 << 20).recordHistory(false)
                .build().start();
        String masking = full ? "{}"
                : "{detectors: {cpf: false, cnpj: false, email: false, credit_card: false, phone: false,"
                        + " bearer_token: false, jwt: false, api_key: false}}";
        String audit = full ? "{sink: file, file: {path: \"" + work.resolve("audit-" + name + ".jsonl") + "\"}}"
                : "{enabled: false}";
        String yaml = """
                relayId: hops-%s
                controlPlane:
                  url: %s
                  token: %s
                  insecure: true
                limits: {%s, maxRequestBytes: 1MiB, requestTimeout: %s}
                resources:
                  - id: pg
                    type: postgres
                    connection: {url: "%s", username: %s, password: "%s"}
                    allowedOperations: [query]
                    statementTimeout: %s
                masking: %s
                audit: %s
                """.formatted(name, server.url(), TOKEN, limits, System.getProperty("hops.requestTimeout", "30s"), pg.jdbcUrl(db), pg.user(), pg.password(),
                // the same as the request timeout: the connector then sends no SET LOCAL statement_timeout
                // (a round trip of its own) whatever the request timeout
                System.getProperty("hops.requestTimeout", "30s"), masking, audit);
        Path file = work.resolve("relay-" + name + ".yaml");
        Files.writeString(file, yaml);
        {
            Class<?> loaderClass = loader.loadClass("dev.relay.runtime.RelayConfigLoader");
            Object configLoader = loaderClass.getMethod("create").invoke(null);
            Object config = loaderClass.getMethod("load", Path.class).invoke(configLoader, file);
            Class<?> runtimeClass = loader.loadClass("dev.relay.runtime.RelayRuntime");
            Class<?> configClass = loader.loadClass("dev.relay.runtime.RelayConfig");
            Object builder = runtimeClass.getMethod("builder", configClass).invoke(null, config);
            builder = builder.getClass().getMethod("auditOut", OutputStream.class).invoke(builder, OutputStream.nullOutputStream());
            Object runtime = builder.getClass().getMethod("build").invoke(builder);
            runtimeClass.getMethod("start").invoke(runtime);
            RelaySession session = server.awaitConnection(Duration.ofSeconds(30));
            return new Side(name, server, session, runtime, runtimeClass.getMethod("shutdown"), loader);
        }
    }

    private static void first(Side s) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                check(s.pk(), true);
                return;
            } catch (IllegalStateException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    private static void check(String text, boolean oneRow) {
        JsonNode response;
        try {
            response = JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException("unparseable response", e);
        }
        if (!response.has("result")) {
            throw new IllegalStateException("the relay answered an error: " + response.path("error"));
        }
        if (oneRow && response.get("result").path("rows").size() != 1) {
            throw new IllegalStateException("expected one row");
        }
    }


    private static double min(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    private static double max(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    private HopsAB() {
    }
}

package dev.relay.benchmarks.policy;

import com.sun.management.OperatingSystemMXBean;
import dev.relay.policy.internal.BoundedParser;
import dev.relay.policy.internal.PgLexer;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import org.jspecify.annotations.Nullable;

/**
 * The three parse paths of {@link ParsePathBenchmark}, timed in <em>process CPU time</em> per parse
 * (every thread: the caller, the pool or the convenience method's per-call thread, the watchdog,
 * GC), in alternating blocks of a few seconds each, plus the wall-clock median of the same calls.
 *
 * <p>Why: on a machine shared with other work, wall-clock scores depend on the scheduler as much
 * as on the work. A path that hands every parse to another thread sleeps and wakes twice per call,
 * and Linux's scheduler favours threads that just woke over a thread that computes without pause;
 * under a load of 10+ runnable threads per core that shifts wall-clock numbers by 2× or more in
 * either direction. CPU time counts the work, whoever gets the core. Prints a Markdown table.
 *
 * <pre>java -cp relay-benchmarks/target/benchmarks.jar dev.relay.benchmarks.policy.ParsePathCpuRun [rounds] [blockSeconds]</pre>
 */
public final class ParsePathCpuRun {

    private ParsePathCpuRun() {
    }

    private record Path(String name, Function<String, Object> parse) {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        double blockSeconds = args.length > 1 ? Double.parseDouble(args[1]) : 3;
        Logger.getLogger(CCJSqlParserUtil.class.getName()).setLevel(Level.WARNING);
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        List<String> queries = BenignCorpus.load(BenignCorpus.DEFAULT_PATH);
        try (BoundedParser inline = new BoundedParser(2, 64); BoundedParser poolOnly = new BoundedParser(2, 64, 0, -1)) {
            List<Path> paths = List.of(
                    new Path("ours (inline when small and shallow)", q -> ours(inline, q)),
                    new Path("ours, every parse on the pool (before)", q -> ours(poolOnly, q)),
                    new Path("CCJSqlParserUtil.parse", ParsePathCpuRun::convenience));
            // warm-up: the JIT takes a while on a loaded machine
            for (int w = 0; w < 3; w++) {
                for (Path p : paths) {
                    block(p, queries, os, blockSeconds, null);
                }
            }
            List<List<Double>> cpu = new ArrayList<>();
            List<List<Long>> wall = new ArrayList<>();
            for (int i = 0; i < paths.size(); i++) {
                cpu.add(new ArrayList<>());
                wall.add(new ArrayList<>());
            }
            for (int r = 0; r < rounds; r++) {
                for (int i = 0; i < paths.size(); i++) {
                    cpu.get(i).add(block(paths.get(i), queries, os, blockSeconds, wall.get(i)));
                }
            }
            double oursCpu = median(cpu.get(0));
            double convCpu = median(cpu.get(2));
            double oursWall = medianLong(wall.get(0));
            double convWall = medianLong(wall.get(2));
            System.out.println("| path | CPU µs/parse (median of " + rounds + " blocks) | CPU min–max | wall p50 µs | CPU ratio to convenience | wall-p50 ratio |");
            System.out.println("|---|---|---|---|---|---|");
            for (int i = 0; i < paths.size(); i++) {
                List<Double> c = cpu.get(i);
                double med = median(c);
                double w = medianLong(wall.get(i));
                System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f–%.0f | %.0f | %.2f× | %.2f× |%n", paths.get(i).name(), med,
                        c.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                        c.stream().mapToDouble(Double::doubleValue).max().orElse(0), w, med / convCpu, w / convWall);
            }
            System.out.printf(Locale.ROOT, "%nours / convenience: CPU %.2f×, wall p50 %.2f×%n", oursCpu / convCpu, oursWall / convWall);
        }
    }

    /** Runs one path over the corpus, round robin, for a block; returns process CPU µs per parse. */
    private static double block(Path p, List<String> queries, OperatingSystemMXBean os, double seconds, @Nullable List<Long> wall) {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long cpu0 = os.getProcessCpuTime();
        int n = 0;
        int sink = 0;
        while (System.nanoTime() < end) {
            for (String q : queries) {
                long t0 = System.nanoTime();
                Object o = p.parse().apply(q);
                long t1 = System.nanoTime();
                if (wall != null) {
                    wall.add(t1 - t0);
                }
                sink += o == null ? 1 : 0;
                n++;
            }
        }
        long cpu = os.getProcessCpuTime() - cpu0;
        return sink == Integer.MIN_VALUE ? 0 : cpu / 1e3 / n;
    }

    private static Object ours(BoundedParser parser, String sql) {
        PgLexer.Result lexed = PgLexer.lex(sql);
        return parser.parse(lexed.masked(), Duration.ofSeconds(1), 10, Math.max(lexed.maxDepth(), lexed.maxCaseDepth()));
    }

    private static Object convenience(String sql) {
        try {
            return CCJSqlParserUtil.parse(sql);
        } catch (JSQLParserException e) {
            return e;
        }
    }

    private static double median(List<Double> xs) {
        double[] a = xs.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        return a[a.length / 2];
    }

    private static double medianLong(List<Long> xs) {
        long[] a = xs.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(a);
        return a[a.length / 2] / 1e3;
    }
}

package dev.relay.benchmarks.masking;

import dev.relay.masking.Masker;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * The same workloads as {@link MaskingBenchmark}, timed in <em>thread CPU time</em> rather than wall
 * time, so the per-core figures hold on a machine shared with other work (JMH's wall-clock scores
 * there include time the thread spent waiting for a core). Prints a Markdown table.
 *
 * <pre>java -cp ... dev.relay.benchmarks.masking.CpuTimeRun [rounds]</pre>
 */
public final class CpuTimeRun {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private CpuTimeRun() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Masker masker = Masker.defaults();
        NaiveChain naive = new NaiveChain();
        UnaryOperator<String> relayOp = masker::mask;
        UnaryOperator<String> naiveOp = naive::mask;
        List<String> shortCells = List.of("Ana Souza", "São Paulo", "ativo", "2026-11-21", "ORD-00001234", "42",
                "true", "pending", "R$ 1.234,56", "v2.3.1", "Rua Augusta 1500", "BR-SP", "1763730322",
                "gold", "pedido enviado", "cancelled");
        // direct calls (no lambda), long warm-up: the JIT is slow to finish on a loaded machine
        long sink = 0;
        long warm = THREADS.getCurrentThreadCpuTime();
        while (THREADS.getCurrentThreadCpuTime() - warm < 2_000_000_000L) {
            for (String c : shortCells) {
                sink += masker.mask(c).length();
            }
        }
        StringBuilder each = new StringBuilder();
        double total = 0;
        double worst = 0;
        for (String c : shortCells) {
            long t = THREADS.getCurrentThreadCpuTime();
            for (int k = 0; k < 1_000_000; k++) {
                sink += masker.mask(c).length();
            }
            double ns = (THREADS.getCurrentThreadCpuTime() - t) / 1e6;
            total += ns;
            worst = Math.max(worst, ns);
            each.append(String.format(Locale.ROOT, "`%s` %.0f, ", c, ns));
        }
        double shortNaive = nsPerBatch(shortCells, naiveOp, rounds, 200_000_000L) / shortCells.size();
        System.out.printf(Locale.ROOT, "short non-matching column values (%d cells, avg %.1f chars): relay %.0f ns/cell average, %.0f worst; naive %.0f ns/cell%n%s%n%n",
                shortCells.size(), shortCells.stream().mapToInt(String::length).average().orElse(0), total / shortCells.size(), worst, shortNaive,
                each, sink == 42 ? "" : "");
        if (args.length > 1 && args[1].equals("short")) {
            return;
        }
        System.out.println("| cells | PII | relay ns/cell | relay MB/s | naive ns/cell | naive MB/s | speed-up |");
        System.out.println("|---|---|---:|---:|---:|---:|---:|");
        for (int size : new int[] {16, 100, 1024, 10240}) {
            for (BenchCorpus.Density d : BenchCorpus.Density.values()) {
                List<String> cells = new BenchCorpus(size * 31L + d.name().hashCode()).cells(size, d, MaskingBenchmark.CELLS);
                long bytes = cells.stream().mapToLong(String::length).sum();
                double r = nsPerBatch(cells, relayOp, rounds, 200_000_000L);
                double n = nsPerBatch(cells, naiveOp, rounds, 200_000_000L);
                System.out.printf(Locale.ROOT, "| %d B | %s | %.0f | %.1f | %.0f | %.1f | %.1f× |%n", size, d.name().toLowerCase(Locale.ROOT),
                        r / cells.size(), bytes / r * 1000, n / cells.size(), bytes / n * 1000, n / r);
            }
        }
        MaskingBenchmark.Mixed mixed = new MaskingBenchmark.Mixed();
        mixed.setUp();
        double r = nsPerBatch(mixed.cells, relayOp, rounds, 500_000_000L);
        double n = nsPerBatch(mixed.cells, naiveOp, rounds, 500_000_000L);
        System.out.printf(Locale.ROOT, "%nmixed corpus (%d cells, %d chars): relay %.1f MB/s, naive %.2f MB/s, speed-up %.0f×%n",
                mixed.cells.size(), mixed.bytes, mixed.bytes / r * 1000, mixed.bytes / n * 1000, n / r);
        MaskingBenchmark.Adversarial adv = new MaskingBenchmark.Adversarial();
        double best = Double.MAX_VALUE;
        for (int i = 0; i < 30; i++) {
            long t = THREADS.getCurrentThreadCpuTime();
            adv.masker.mask(adv.input);
            best = Math.min(best, THREADS.getCurrentThreadCpuTime() - t);
        }
        double avg = nsPerBatch(List.of(adv.input), s -> adv.masker.mask(s), rounds, 300_000_000L);
        System.out.printf(Locale.ROOT, "custom (a+)+$ on 100 KB: %.1f ms CPU average, %.1f ms best%n", avg / 1e6, best / 1e6);
        // hostile inputs for the built-ins (about 1 MB each): linear time, so a few ms per MB
        String[][] hostile = {
            {"1 MB private key without END", "-----BEGIN PRIVATE KEY-----\\n" + "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\\n".repeat(20_000)},
            {"-----BEGIN x100k", "-----BEGIN ".repeat(100_000)},
            {":// x100k", "://".repeat(100_000) + "a".repeat(700_000)},
            {"password= x100k", "password=".repeat(100_000)},
            {"nested quotes x40k", "{\"password\":\"{\\\"token\\\":\\\"".repeat(40_000)},
        };
        for (String[] h : hostile) {
            double ns = nsPerBatch(List.of(h[1]), relayOp, rounds, 200_000_000L);
            System.out.printf(Locale.ROOT, "%s (%d chars): %.2f ms CPU, %.1f ns/char%n", h[0], h[1].length(), ns / 1e6, ns / h[1].length());
        }
    }

    /** CPU nanoseconds per pass over {@code cells}: warm up, then the median of {@code rounds} rounds. */
    private static double nsPerBatch(List<String> cells, UnaryOperator<String> op, int rounds, long roundCpuNs) {
        long sink = 0;
        long warm = THREADS.getCurrentThreadCpuTime();
        while (THREADS.getCurrentThreadCpuTime() - warm < roundCpuNs) {
            for (String c : cells) {
                sink += op.apply(c).length();
            }
        }
        double[] results = new double[rounds];
        for (int k = 0; k < rounds; k++) {
            long passes = 0;
            long t0 = THREADS.getCurrentThreadCpuTime();
            long t;
            do {
                for (String c : cells) {
                    sink += op.apply(c).length();
                }
                passes++;
                t = THREADS.getCurrentThreadCpuTime();
            } while (t - t0 < roundCpuNs);
            results[k] = (double) (t - t0) / passes;
        }
        if (sink == 42) {
            System.out.print("");
        }
        java.util.Arrays.sort(results);
        return results[rounds / 2];
    }
}

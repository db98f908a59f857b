package dev.relay.benchmarks.masking;

import dev.relay.masking.Masker;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * relay-masking against a naive chain of one {@code java.util.regex} per detector (plus the same
 * validators), measured in the same run, on cells of 16 B, 100 B, 1 KiB and 10 KiB with no, sparse
 * and dense PII among checksum-invalid decoys. Scores are nanoseconds per cell; MB/s = size / score
 * * 1000. {@code mixed*} run one batch holding every size and density (the "mixed corpus");
 * {@code customAdversarial} is a custom {@code (a+)+$} on 100 KB of {@code a}s.
 *
 * <pre>
 * java -cp ... org.openjdk.jmh.Main dev.relay.benchmarks.masking.MaskingBenchmark
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MaskingBenchmark {

    static final int CELLS = 64;

    @State(Scope.Benchmark)
    public static class Cells {
        @Param({"16", "100", "1024", "10240"})
        public int size;

        @Param({"NONE", "SPARSE", "DENSE"})
        public String density;

        List<String> cells;
        final Masker masker = Masker.defaults();
        final NaiveChain naive = new NaiveChain();

        @Setup(Level.Trial)
        public void setUp() {
            cells = new BenchCorpus(size * 31L + density.hashCode()).cells(size, BenchCorpus.Density.valueOf(density), CELLS);
        }
    }

    @State(Scope.Benchmark)
    public static class Mixed {
        List<String> cells;
        long bytes;
        final Masker masker = Masker.defaults();
        final NaiveChain naive = new NaiveChain();

        @Setup(Level.Trial)
        public void setUp() {
            BenchCorpus corpus = new BenchCorpus(7);
            List<String> all = new ArrayList<>();
            for (int size : new int[] {16, 100, 1024, 10240}) {
                for (BenchCorpus.Density d : BenchCorpus.Density.values()) {
                    all.addAll(corpus.cells(size, d, 16));
                }
            }
            Collections.shuffle(all, new Random(7));
            cells = all;
            for (String c : all) {
                bytes += c.length();
            }
        }
    }

    @State(Scope.Benchmark)
    public static class Adversarial {
        final Masker masker = Masker.builder().custom("evil", "(a+)+$", "X").build();
        final String input = "a".repeat(100_000) + "!";
    }

    @Benchmark
    @OperationsPerInvocation(CELLS)
    public void relay(Cells s, Blackhole bh) {
        for (String c : s.cells) {
            bh.consume(s.masker.mask(c));
        }
    }

    @Benchmark
    @OperationsPerInvocation(CELLS)
    public void naive(Cells s, Blackhole bh) {
        for (String c : s.cells) {
            bh.consume(s.naive.mask(c));
        }
    }

    /** One op = the whole mixed batch (192 cells, see {@link Mixed#bytes}). */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void mixedRelay(Mixed s, Blackhole bh) {
        for (String c : s.cells) {
            bh.consume(s.masker.mask(c));
        }
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void mixedNaive(Mixed s, Blackhole bh) {
        for (String c : s.cells) {
            bh.consume(s.naive.mask(c));
        }
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public String customAdversarial(Adversarial s) {
        return s.masker.mask(s.input);
    }

    /** Prints the mixed batch's size and a sample of masked cells (sanity check of the corpus). */
    public static void main(String[] args) {
        Mixed m = new Mixed();
        m.setUp();
        System.out.println("mixed batch: " + m.cells.size() + " cells, " + m.bytes + " chars");
        Masker masker = Masker.defaults();
        NaiveChain naive = new NaiveChain();
        int relayChanged = 0;
        int naiveChanged = 0;
        for (String c : m.cells) {
            relayChanged += masker.mask(c) != c ? 1 : 0;
            naiveChanged += !naive.mask(c).equals(c) ? 1 : 0;
        }
        System.out.println("cells changed: relay " + relayChanged + ", naive " + naiveChanged);
        BenchCorpus corpus = new BenchCorpus(1);
        for (BenchCorpus.Density d : BenchCorpus.Density.values()) {
            String c = corpus.cell(100, d);
            System.out.println(d + ": " + c + "\n   -> " + masker.mask(c));
        }
    }
}

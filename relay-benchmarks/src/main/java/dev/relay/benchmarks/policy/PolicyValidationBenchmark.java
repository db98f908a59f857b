package dev.relay.benchmarks.policy;

import dev.relay.policy.Decision;
import dev.relay.policy.PolicyEngine;
import dev.relay.policy.PolicyRequest;
import dev.relay.policy.ResourcePolicy;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Full validation ({@code PolicyEngine.evaluate} with the verdict cache off: lexer, bounded parse
 * inline or on the engine's pool, AST walk, row-limit rewrite) over the benign corpus, one query per call in
 * round robin, so every call is a miss. SampleTime mode reports p50/p99.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PolicyValidationBenchmark {

    @Param(BenignCorpus.DEFAULT_PATH)
    public String corpus;

    /** {@code inline}: the default; {@code pool}: every parse handed to the parser pool (before). */
    @Param({"inline", "pool"})
    public String parsing;

    private PolicyEngine policy;
    private List<String> queries;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        // the verdict cache is off: this measures the full check, every call (VerdictCacheBenchmark measures hits)
        policy = PolicyEngine.builder().verdictCache(0, 0).inlineParsing(parsing.equals("inline")).resource(ResourcePolicy.builder("bench", "postgres").build()).build();
        queries = BenignCorpus.load(corpus);
        for (String q : queries) {
            if (!(check(q) instanceof Decision.Allowed)) {
                throw new IllegalStateException("benign corpus query rejected: " + q);
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        policy.close();
    }

    @Benchmark
    public Decision validateBenignCorpus() {
        String q = queries.get(next);
        next = next + 1 == queries.size() ? 0 : next + 1;
        return check(q);
    }

    private Decision check(String query) {
        return policy.evaluate(PolicyRequest.sql("bench", "query", query, List.of()));
    }
}

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
 * {@code PolicyEngine.evaluate} with the verdict cache: a repeated text (hit) against texts never
 * seen before (miss: full lexer + parse + walk + rewrite, then an insert and, once the cache is
 * full, an eviction). Every request carries its own {@code $1} parameter, as an agent paginating
 * or looking up ids does. Every text is a fresh {@code String} built from characters, as a decoded
 * request's is (no cached hash, its own array), so a hit pays for hashing and comparing the whole
 * text; the copy itself (tens of ns) is included. SampleTime mode reports p50/p99.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class VerdictCacheBenchmark {

    private static final String ID = "pg";
    private static final String REPEATED =
            "SELECT o.id, o.total, c.email FROM orders o JOIN customers c ON c.id = o.customer_id "
                    + "WHERE o.customer_id = $1 ORDER BY o.created_at DESC LIMIT 50";

    @Param(BenignCorpus.DEFAULT_PATH)
    public String corpus;

    private PolicyEngine cached;
    private PolicyEngine uncached;
    private List<String> queries;
    private int next;
    private long unique;

    @Setup(Level.Trial)
    public void setUp() {
        ResourcePolicy policy = ResourcePolicy.builder(ID, "postgres").build();
        cached = PolicyEngine.builder().resource(policy).build();
        uncached = PolicyEngine.builder().resource(policy).verdictCache(0, 0).build();
        queries = BenignCorpus.load(corpus);
        for (String q : queries) {
            if (!(cached.evaluate(PolicyRequest.sql(ID, "query", q, List.of())) instanceof Decision.Allowed)) {
                throw new IllegalStateException("benign corpus query rejected");
            }
        }
        if (!(cached.evaluate(PolicyRequest.sql(ID, "query", REPEATED, List.of(1))) instanceof Decision.Allowed)) {
            throw new IllegalStateException("repeated query rejected");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        cached.close();
        uncached.close();
    }

    private static String fresh(String text) {
        return new String(text.toCharArray());
    }

    /** The same text every time, a different parameter each time: a cache hit. */
    @Benchmark
    public Decision hitRepeatedQuery() {
        return cached.evaluate(PolicyRequest.sql(ID, "query", fresh(REPEATED), List.of(++unique)));
    }

    /** The 203 benign corpus texts in round robin, all cached: hits over a realistic mix of texts. */
    @Benchmark
    public Decision hitBenignCorpus() {
        String q = queries.get(next);
        next = next + 1 == queries.size() ? 0 : next + 1;
        return cached.evaluate(PolicyRequest.sql(ID, "query", fresh(q), List.of()));
    }

    /** A text never seen before every time (a literal id instead of $1): a cache miss plus insert/evict. */
    @Benchmark
    public Decision missUniqueText() {
        String q = REPEATED.replace("$1", Long.toString(++unique));
        return cached.evaluate(PolicyRequest.sql(ID, "query", q, List.of()));
    }

    /** The repeated text with the cache disabled ({@code verdictCache(0, 0)}): the cost before the cache. */
    @Benchmark
    public Decision repeatedQueryCacheDisabled() {
        return uncached.evaluate(PolicyRequest.sql(ID, "query", fresh(REPEATED), List.of(++unique)));
    }
}

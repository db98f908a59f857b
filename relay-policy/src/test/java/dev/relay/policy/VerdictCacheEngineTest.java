package dev.relay.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.policy.corpus.Corpus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The engine's verdict cache: the same decisions as without it, and never a cached deadline. */
class VerdictCacheEngineTest {

    static final String ID = "corpus";

    /** Counts parses: every parse attempt is one task submitted to this pool. */
    static CountingParserPool parserPool;

    @BeforeAll
    static void startPool() {
        parserPool = new CountingParserPool("cache-test-parser");
    }

    @AfterAll
    static void stopPool() {
        parserPool.close();
    }

    static PolicyEngine engine(int entries, long chars) {
        return PolicyEngine.builder().parserExecutor(parserPool.executor()).verdictCache(entries, chars)
                .resource(ResourcePolicy.builder(ID, "postgres").maxRowsPerQuery(1000)
                        .tablesDeny(List.of("*.secrets", "pg_catalog.pg_authid", "pg_catalog.pg_shadow")).build())
                .build();
    }

    static Decision evaluate(PolicyEngine engine, String operation, String sql, List<@Nullable Object> params) {
        return engine.evaluate(PolicyRequest.sql(ID, operation, sql, params));
    }

    /** Everything a decision says, for comparison (ApprovedQuery has no equals, on purpose). */
    static String describe(Decision d) {
        if (d instanceof Decision.Allowed a) {
            ApprovedQuery q = a.query();
            return "allowed " + q.operation() + " " + q.maxRows() + " " + q.clampedByRewrite() + " " + q.parameters()
                    + " " + q.sql();
        }
        Decision.Rejected r = (Decision.Rejected) d;
        return "rejected " + r.reason() + " " + r.detail();
    }

    static boolean notAVerdict(Decision d) {
        return d instanceof Decision.Rejected r && (r.detail().contains("too long to parse")
                || r.detail().contains("busy") || r.detail().contains("could not be checked"));
    }

    @Test
    void cachedAndUncachedDecisionsAreIdenticalOverTheCorpora() {
        List<Corpus.Entry> entries = new ArrayList<>();
        entries.addAll(Corpus.load("postgres-benign.sql"));
        entries.addAll(Corpus.load("postgres-malicious.sql"));
        entries.addAll(Corpus.load("postgres-parser-limitations.sql"));
        try (PolicyEngine cached = engine(PolicyEngine.DEFAULT_VERDICT_CACHE_ENTRIES,
                PolicyEngine.DEFAULT_VERDICT_CACHE_CHARS); PolicyEngine uncached = engine(0, 0)) {
            for (String op : List.of("query", "explain")) {
                List<String> first = new ArrayList<>();
                int unchecked = 0;
                for (Corpus.Entry e : entries) {
                    Decision d = evaluate(cached, op, e.sql(), e.dummyParameters());
                    first.add(describe(d));
                    unchecked += notAVerdict(d) ? 1 : 0;
                }
                long parsesBefore = parserPool.parses();
                for (int i = 0; i < entries.size(); i++) {
                    Corpus.Entry e = entries.get(i);
                    assertThat(describe(evaluate(cached, op, e.sql(), e.dummyParameters())))
                            .as("%s %s, second time (cached)", op, e).isEqualTo(first.get(i));
                }
                // the second pass was served from the cache: nothing parsed again except non-verdicts
                assertThat(parserPool.parses() - parsesBefore).isLessThanOrEqualTo(2L * unchecked);
                for (int i = 0; i < entries.size(); i++) {
                    Corpus.Entry e = entries.get(i);
                    assertThat(describe(evaluate(uncached, op, e.sql(), e.dummyParameters())))
                            .as("%s %s, without a cache", op, e).isEqualTo(first.get(i));
                }
            }
            assertThat(cached.cachedVerdicts()).isGreaterThan(entries.size());
            assertThat(uncached.cachedVerdicts()).isZero();
        }
    }

    @Test
    void parametersAreCheckedAndBoundPerRequestOnACachedVerdict() {
        String sql = "SELECT id, email FROM users WHERE id = $1 AND status = $2";
        try (PolicyEngine engine = engine(100, 100_000)) {
            ApprovedQuery a = ((Decision.Allowed) evaluate(engine, "query", sql, List.of(1, "active"))).query();
            ApprovedQuery b = ((Decision.Allowed) evaluate(engine, "query", sql, List.of(2, "gone"))).query();
            assertThat(engine.cachedVerdicts()).isEqualTo(1);
            assertThat(a).isNotSameAs(b);
            assertThat(a.parameters()).containsExactly(1, "active");
            assertThat(b.parameters()).containsExactly(2, "gone");
            assertThat(b.sql()).isEqualTo(a.sql());
            List<@Nullable Object> withNull = new ArrayList<>();
            withNull.add(null);
            withNull.add("x");
            assertThat(((Decision.Allowed) evaluate(engine, "query", sql, withNull)).query().parameters())
                    .containsExactly(null, "x");
            Decision.Rejected tooFew = (Decision.Rejected) evaluate(engine, "query", sql, List.of(1));
            assertThat(tooFew.reason()).isEqualTo(RejectReason.INVALID_INPUT);
            assertThat(tooFew.detail()).contains("2 positional parameter(s) but 1");
            Decision.Rejected wrongType = (Decision.Rejected) evaluate(engine, "query", sql, List.of(1, Map.of()));
            assertThat(wrongType.detail()).startsWith("parameters[1]");
            // the same text as explain is a separate entry with its own approved statement
            ApprovedQuery explain = ((Decision.Allowed) evaluate(engine, "explain", sql, List.of(3, "x"))).query();
            assertThat(explain.sql()).startsWith("EXPLAIN (FORMAT JSON) ");
            assertThat(engine.cachedVerdicts()).isEqualTo(2);
        }
    }

    @Test
    void textsThatDifferInAnyCharacterAreSeparateEntries() {
        try (PolicyEngine engine = engine(100, 100_000)) {
            evaluate(engine, "query", "SELECT id FROM users", List.of());
            evaluate(engine, "query", "select id from users", List.of());
            evaluate(engine, "query", "SELECT id FROM users ", List.of());
            Decision d = evaluate(engine, "query", "SELECT id FROM secrets", List.of());
            assertThat(((Decision.Rejected) d).detail()).contains("table not permitted");
            assertThat(engine.cachedVerdicts()).isEqualTo(4);
        }
    }

    @Test
    void aParseDeadlineIsNotCached() {
        StringBuilder chain = new StringBuilder("SELECT * FROM t WHERE a = 0");
        for (int i = 1; i < 3_000; i++) {
            chain.append(" OR a = ").append(i);
        }
        try (PolicyEngine engine = PolicyEngine.builder().parserExecutor(parserPool.executor()).parseTimeout(Duration.ofNanos(1))
                .resource(ResourcePolicy.builder(ID, "postgres").build()).build()) {
            for (int i = 0; i < 2; i++) {
                Decision.Rejected r = (Decision.Rejected) evaluate(engine, "query", chain.toString(), List.of());
                assertThat(r.reason()).isEqualTo(RejectReason.QUERY_BLOCKED);
                assertThat(r.detail()).contains("too long to parse");
                assertThat(engine.cachedVerdicts()).isZero();
            }
        }
    }

    @Test
    void aBusyParserPoolIsNotCached() {
        ExecutorService closed = Executors.newSingleThreadExecutor();
        closed.shutdown();
        try (PolicyEngine engine = PolicyEngine.builder().parserExecutor(closed)
                .resource(ResourcePolicy.builder(ID, "postgres").build()).build()) {
            // nested deeper than the inline limit: this one is handed to the (refusing) pool
            String deep = "SELECT " + "(".repeat(8) + "1" + ")".repeat(8);
            Decision.Rejected r = (Decision.Rejected) evaluate(engine, "query", deep, List.of());
            assertThat(r.detail()).contains("busy");
            assertThat(engine.cachedVerdicts()).isZero();
        }
    }

    @Test
    void evictionKeepsBothBounds() {
        try (PolicyEngine byEntries = engine(50, 1_000_000); PolicyEngine byChars = engine(10_000, 2_000)) {
            for (int i = 0; i < 200; i++) {
                String sql = "SELECT id, email FROM users WHERE id = " + i;
                evaluate(byEntries, "query", sql, List.of());
                evaluate(byChars, "query", sql, List.of());
                assertThat(byEntries.cachedVerdicts()).isLessThanOrEqualTo(50);
                assertThat(byChars.cachedVerdictChars()).isLessThanOrEqualTo(2_000);
            }
            assertThat(byEntries.cachedVerdicts()).isEqualTo(50);
            assertThat(byChars.cachedVerdicts()).isGreaterThan(5);
        }
    }

    @Test
    void zeroDisablesTheCacheAndNegativeBoundsAreRejected() {
        try (PolicyEngine off = engine(0, 1000)) {
            evaluate(off, "query", "SELECT 1", List.of());
            assertThat(off.cachedVerdicts()).isZero();
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> engine(-1, -1))
                .isInstanceOf(PolicyConfigException.class)
                .hasMessageContaining("verdictCache.maxEntries").hasMessageContaining("verdictCache.maxChars");
    }

    @Test
    void concurrentEvaluateFromEightThreadsIsConsistent() throws Exception {
        List<Corpus.Entry> entries = new ArrayList<>(Corpus.load("postgres-benign.sql"));
        entries.addAll(Corpus.load("postgres-malicious.sql").subList(0, 100));
        Map<String, String> expected = new HashMap<>();
        try (PolicyEngine uncached = engine(0, 0)) {
            for (Corpus.Entry e : entries) {
                expected.put(e.sql(), describe(evaluate(uncached, "query", e.sql(), e.dummyParameters())));
            }
        }
        ExecutorService callers = Executors.newFixedThreadPool(8);
        // a cache smaller than the working set, so threads hit, miss, insert and evict at the same time
        try (PolicyEngine engine = engine(64, 1_000_000)) {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                long seed = t;
                results.add(callers.submit(() -> {
                    List<Corpus.Entry> mine = new ArrayList<>(entries);
                    List<String> wrong = new ArrayList<>();
                    for (int round = 0; round < 2; round++) {
                        Collections.shuffle(mine, new Random(seed * 31 + round));
                        // each thread leans on a hot few, then goes through everything
                        for (int i = 0; i < mine.size(); i++) {
                            Corpus.Entry e = i % 2 == 0 ? entries.get(i % 8) : mine.get(i);
                            Decision d = evaluate(engine, "query", e.sql(), e.dummyParameters());
                            if (!describe(d).equals(expected.get(e.sql())) && !notAVerdict(d)) {
                                wrong.add(e.toString());
                            }
                        }
                    }
                    return wrong;
                }));
            }
            for (Future<List<String>> f : results) {
                assertThat(f.get(120, TimeUnit.SECONDS)).isEmpty();
            }
            assertThat(engine.cachedVerdicts()).isBetween(1, 64);
        } finally {
            callers.shutdownNow();
        }
    }
}

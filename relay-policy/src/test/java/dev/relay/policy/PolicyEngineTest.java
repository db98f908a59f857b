package dev.relay.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PolicyEngineTest {

    static PolicyEngine engine;

    @BeforeAll
    static void start() {
        engine = PolicyEngine.builder()
                .resource(ResourcePolicy.builder("pg", "postgres").maxRowsPerQuery(100)
                        .tablesDeny(List.of("*.secrets")).build())
                .resource(ResourcePolicy.builder("ro", "postgres").allowedOperations(Set.of(Operation.LIST_TABLES)).build())
                .resource(ResourcePolicy.builder("mg", "mongodb").maxRowsPerQuery(50).build())
                .resource(ResourcePolicy.builder("other", "cassandra").build())
                .build();
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    static Decision sql(String query) {
        return engine.evaluate(PolicyRequest.sql("pg", "query", query, List.of()));
    }

    static ApprovedQuery allowed(Decision d) {
        assertThat(d).isInstanceOf(Decision.Allowed.class);
        return ((Decision.Allowed) d).query();
    }

    static Decision.Rejected rejected(Decision d) {
        assertThat(d).isInstanceOf(Decision.Rejected.class);
        return (Decision.Rejected) d;
    }

    @Test
    void unknownResourceIsNotFound() {
        Decision d = engine.evaluate(PolicyRequest.sql("nope", "query", "SELECT 1", List.of()));
        assertThat(rejected(d).reason()).isEqualTo(RejectReason.RESOURCE_NOT_FOUND);
    }

    @Test
    void operationOutsideAllowlistIsRejectedBeforeTheQueryIsLookedAt() {
        Decision d = engine.evaluate(PolicyRequest.sql("ro", "query", "DELETE FROM t", List.of()));
        assertThat(rejected(d).reason()).isEqualTo(RejectReason.OPERATION_NOT_ALLOWED);
    }

    @Test
    void missingLimitIsAddedAsMaxRowsPlusOne() {
        ApprovedQuery q = allowed(sql("SELECT id FROM users"));
        assertThat(q.sql()).isEqualTo("SELECT * FROM (\nSELECT id FROM users\n) AS relay_q LIMIT 101");
        assertThat(q.clampedByRewrite()).isTrue();
        assertThat(q.maxRows()).isEqualTo(100);
    }

    @Test
    void lowerCallerLimitIsKept() {
        ApprovedQuery q = allowed(sql("SELECT id FROM users ORDER BY id LIMIT 10"));
        assertThat(q.sql()).isEqualTo("SELECT id FROM users ORDER BY id LIMIT 10");
        assertThat(q.clampedByRewrite()).isFalse();
    }

    @Test
    void largerCallerLimitIsLoweredInPlace() {
        ApprovedQuery q = allowed(sql("SELECT id FROM users LIMIT 5000 OFFSET 3"));
        assertThat(q.sql()).isEqualTo("SELECT id FROM users LIMIT 101 OFFSET 3");
        assertThat(q.clampedByRewrite()).isTrue();
    }

    @Test
    void parameterisedLimitIsWrapped() {
        Decision d = engine.evaluate(PolicyRequest.sql("pg", "query", "SELECT id FROM users WHERE a = $1 LIMIT $2",
                List.of("x", 5)));
        ApprovedQuery q = allowed(d);
        assertThat(q.sql()).endsWith(") AS relay_q LIMIT 101").contains("LIMIT $2");
        assertThat(q.parameters()).containsExactly("x", 5);
    }

    @Test
    void deleteIsBlockedByKeyword() {
        assertThat(rejected(sql("DELETE FROM users")).detail()).isEqualTo("Statement contains blocked keyword: DELETE");
    }

    @Test
    void semicolonOutsideLiteralsIsBlocked() {
        assertThat(rejected(sql("SELECT 1; COMMIT")).reason()).isEqualTo(RejectReason.QUERY_BLOCKED);
        assertThat(allowed(sql("SELECT ';' AS x, \"a;b\" FROM t -- ;")).sql()).contains("';'");
    }

    @Test
    void blockedFunctionsAreNamed() {
        assertThat(rejected(sql("SELECT pg_catalog.\"PG_SLEEP\"(10)")).detail()).contains("pg_sleep");
        assertThat(rejected(sql("SELECT * FROM t WHERE U&\"\\0070g_sleep\"(1) IS NULL")).detail()).contains("pg_sleep");
    }

    @Test
    void deniedTableIsBlockedEvenInSubqueriesButCteNamesAreNotTables() {
        assertThat(rejected(sql("SELECT * FROM (SELECT * FROM app.secrets) s")).detail())
                .isEqualTo("table not permitted: app.secrets");
        assertThat(rejected(sql("SELECT * FROM secrets, (WITH secrets AS (SELECT 1) SELECT * FROM secrets) x")).detail())
                .contains("secrets");
        allowed(sql("WITH secrets AS (SELECT 1 AS a) SELECT * FROM secrets"));
    }

    @Test
    void explainIsJsonAndNeverAnalyze() {
        ApprovedQuery q = allowed(engine.evaluate(PolicyRequest.sql("pg", "explain", "SELECT 1", List.of())));
        assertThat(q.sql()).startsWith("EXPLAIN (FORMAT JSON) SELECT").doesNotContainIgnoringCase("analyze");
    }

    @Test
    void mongoFindIsClampedAndAggregateGetsALimitStage() {
        ApprovedQuery find = allowed(engine.evaluate(new PolicyRequest("mg", "query", null, List.of(), "users",
                Map.of("age", Map.of("$gt", 3)), null, null, null, null, null, null)));
        assertThat(find.kind()).isEqualTo(ApprovedQuery.Kind.MONGO_FIND);
        assertThat(find.limit()).isEqualTo(51);
        ApprovedQuery agg = allowed(engine.evaluate(new PolicyRequest("mg", "query", null, List.of(), "users", null,
                null, null, null, null, List.of(Map.of("$match", Map.of("a", 1))), null)));
        assertThat(agg.pipeline()).hasSize(2);
        assertThat(agg.pipeline().get(1)).isEqualTo(Map.of("$limit", 51));
    }

    @Test
    void mongoOutIsBlockedAtAnyDepth() {
        Decision d = engine.evaluate(new PolicyRequest("mg", "query", null, List.of(), "users", null, null, null, null,
                null, List.of(Map.of("$facet", Map.of("a", List.of(Map.of("$out", "x"))))), null));
        assertThat(rejected(d).detail()).contains("$out");
    }

    @Test
    void evaluateIsThreadSafe() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 400; i++) {
                int n = i;
                results.add(pool.submit(() -> {
                    boolean bad = n % 2 == 0;
                    Decision d = sql(bad ? "SELECT pg_sleep(" + n + ")" : "SELECT id FROM users WHERE id = " + n);
                    return bad ? d instanceof Decision.Rejected r && r.detail().contains("pg_sleep")
                            : d instanceof Decision.Allowed a && a.query().sql().contains("id = " + n + "\n");
                }));
            }
            for (java.util.concurrent.Future<Boolean> f : results) {
                assertThat(f.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anInjectedParserExecutorIsUsedAndNotShutDown() {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newSingleThreadExecutor();
        try (PolicyEngine own = PolicyEngine.builder().parserExecutor(pool)
                .resource(ResourcePolicy.builder("x", "postgres").build()).build()) {
            assertThat(own.evaluate(PolicyRequest.sql("x", "query", "SELECT 1", List.of())))
                    .isInstanceOf(Decision.Allowed.class);
        }
        assertThat(pool.isShutdown()).isFalse();
        pool.shutdownNow();
    }

    @Test
    void thirdPartyTypesGetNoQuery() {
        Decision d = engine.evaluate(PolicyRequest.sql("other", "query", "SELECT 1", List.of()));
        assertThat(rejected(d).reason()).isEqualTo(RejectReason.QUERY_BLOCKED);
        assertThat(allowed(engine.evaluate(PolicyRequest.sql("other", "list_tables", null, List.of()))).kind())
                .isEqualTo(ApprovedQuery.Kind.METADATA);
    }

    @Test
    void inlineParsingCanBeSwitchedOffAndChangesNoDecision() {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(4));
        try (PolicyEngine inline = PolicyEngine.builder().parserExecutor(pool).verdictCache(0, 0)
                .resource(ResourcePolicy.builder("db", "postgres").build()).build();
                PolicyEngine pooled = PolicyEngine.builder().parserExecutor(pool).verdictCache(0, 0).inlineParsing(false)
                        .resource(ResourcePolicy.builder("db", "postgres").build()).build()) {
            String ok = "SELECT id FROM orders WHERE total > 10";
            String bad = "SELECT pg_sleep(10)";
            Decision a = inline.evaluate(PolicyRequest.sql("db", "query", ok, List.of()));
            assertThat(pool.getTaskCount()).as("parsed inline").isZero();
            Decision b = pooled.evaluate(PolicyRequest.sql("db", "query", ok, List.of()));
            assertThat(pool.getTaskCount()).as("handed to the pool").isEqualTo(1);
            assertThat(a).isInstanceOf(Decision.Allowed.class);
            assertThat(b).isInstanceOf(Decision.Allowed.class);
            assertThat(((Decision.Allowed) a).query().sql()).isEqualTo(((Decision.Allowed) b).query().sql());
            assertThat(rejected(inline.evaluate(PolicyRequest.sql("db", "query", bad, List.of()))).detail())
                    .isEqualTo(rejected(pooled.evaluate(PolicyRequest.sql("db", "query", bad, List.of()))).detail());
        } finally {
            pool.shutdownNow();
        }
    }
}

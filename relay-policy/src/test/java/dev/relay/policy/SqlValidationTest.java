package dev.relay.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Row-limit rewrite, function policies, explain, parameters and input bounds. */
class SqlValidationTest {

    static PolicyEngine engine;

    @BeforeAll
    static void start() {
        engine = PolicyEngine.builder()
                .resource(ResourcePolicy.builder("pg", "postgres").maxRowsPerQuery(10).build())
                .resource(ResourcePolicy.builder("strict", "postgres").functionPolicy(FunctionPolicy.ALLOWLIST)
                        .allowedFunctions(Set.of("my_safe_fn")).build())
                .resource(ResourcePolicy.builder("custom", "postgres").blockedFunctions(Set.of("expensive_report"))
                        .allowedFunctions(Set.of("nextval")).maxQueryLength(64).build())
                .build();
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    static Decision check(String resource, String sql, Object... params) {
        return engine.evaluate(PolicyRequest.sql(resource, "query", sql, List.of(params)));
    }

    static ApprovedQuery allowed(Decision d) {
        assertThat(d).isInstanceOf(Decision.Allowed.class);
        return ((Decision.Allowed) d).query();
    }

    static String detail(Decision d) {
        assertThat(d).isInstanceOf(Decision.Rejected.class);
        return ((Decision.Rejected) d).detail();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // caller limit at or under the cap: kept as written, never clamped
        "SELECT a FROM t LIMIT 10 | SELECT a FROM t LIMIT 10 | false",
        "SELECT a FROM t LIMIT 3 OFFSET 100 | SELECT a FROM t LIMIT 3 OFFSET 100 | false",
        "SELECT a FROM t FETCH FIRST 5 ROWS ONLY | SELECT a FROM t FETCH FIRST 5 ROWS ONLY | false",
        "SELECT a FROM t FETCH FIRST ROW ONLY | SELECT a FROM t FETCH FIRST ROW ONLY | false",
        // larger literal: lowered in place to maxRows + 1
        "SELECT a FROM t LIMIT 5000 | SELECT a FROM t LIMIT 11 | true",
        "SELECT a FROM t ORDER BY a LIMIT 11 OFFSET 2 | SELECT a FROM t ORDER BY a LIMIT 11 OFFSET 2 | true",
        "SELECT a FROM t OFFSET 2 ROWS FETCH NEXT 99 ROWS ONLY | SELECT a FROM t OFFSET 2 ROWS FETCH NEXT 11 ROWS ONLY | true",
        "SELECT a FROM t UNION SELECT b FROM u LIMIT 50 | SELECT * FROM (\\nSELECT a FROM t UNION SELECT b FROM u LIMIT 50\\n) AS relay_q LIMIT 11 | true",
        // everything else: wrapped
        "SELECT a FROM t | SELECT * FROM (\\nSELECT a FROM t\\n) AS relay_q LIMIT 11 | true",
        "SELECT a FROM t LIMIT ALL | SELECT * FROM (\\nSELECT a FROM t LIMIT ALL\\n) AS relay_q LIMIT 11 | true",
        "SELECT a FROM t OFFSET 5 | SELECT * FROM (\\nSELECT a FROM t OFFSET 5\\n) AS relay_q LIMIT 11 | true",
        "SELECT a FROM t FETCH FIRST 5 ROWS WITH TIES | SELECT * FROM (\\nSELECT a FROM t FETCH FIRST 5 ROWS WITH TIES\\n) AS relay_q LIMIT 11 | true",
        "SELECT a FROM t UNION ALL SELECT b FROM u | SELECT * FROM (\\nSELECT a FROM t UNION ALL SELECT b FROM u\\n) AS relay_q LIMIT 11 | true",
        "(SELECT a FROM t LIMIT 5) | SELECT * FROM (\\n(SELECT a FROM t LIMIT 5)\\n) AS relay_q LIMIT 11 | true",
        "VALUES (1), (2) | SELECT * FROM (\\nVALUES (1), (2)\\n) AS relay_q LIMIT 11 | true",
        "TABLE t | SELECT * FROM (\\nTABLE t\\n) AS relay_q LIMIT 11 | true",
        "SELECT a FROM t -- note | SELECT * FROM (\\nSELECT a FROM t\\n) AS relay_q LIMIT 11 | true",
        "SELECT a FROM (SELECT a FROM t LIMIT 500) s | SELECT * FROM (\\nSELECT a FROM (SELECT a FROM t LIMIT 500) s\\n) AS relay_q LIMIT 11 | true"})
    void rowLimitRewrite(String sql, String expected, boolean clamped) {
        ApprovedQuery q = allowed(check("pg", sql));
        assertThat(q.sql()).isEqualTo(expected.replace("\\n", "\n"));
        assertThat(q.clampedByRewrite()).isEqualTo(clamped);
    }

    @Test
    void parameterisedLimitIsWrappedAndParametersKept() {
        ApprovedQuery q = allowed(check("pg", "SELECT a FROM t WHERE b = $1 LIMIT $2", "x", 500));
        assertThat(q.sql()).isEqualTo("SELECT * FROM (\nSELECT a FROM t WHERE b = $1 LIMIT $2\n) AS relay_q LIMIT 11");
        assertThat(q.parameters()).containsExactly("x", 500);
    }

    @Test
    void parameterCountMustMatch() {
        Decision d = check("pg", "SELECT a FROM t WHERE b = $2", "x");
        assertThat(((Decision.Rejected) d).reason()).isEqualTo(RejectReason.INVALID_INPUT);
        assertThat(detail(d)).contains("2 positional parameter(s) but 1 were given");
    }

    @Test
    void explainIsFormatJsonOfTheApprovedSelectNeverAnalyze() {
        ApprovedQuery q = allowed(engine.evaluate(PolicyRequest.sql("pg", "explain", "SELECT a FROM t", List.of())));
        assertThat(q.operation()).isEqualTo(Operation.EXPLAIN);
        assertThat(q.sql()).isEqualTo("EXPLAIN (FORMAT JSON) SELECT * FROM (\nSELECT a FROM t\n) AS relay_q LIMIT 11");
        Decision analyze = engine.evaluate(PolicyRequest.sql("pg", "explain", "EXPLAIN ANALYZE SELECT 1", List.of()));
        assertThat(detail(analyze)).isEqualTo("Statement contains blocked keyword: EXPLAIN");
    }

    @Test
    void allowlistModeAcceptsOnlyTheCatalog() {
        allowed(check("strict", "SELECT count(*), lower(a), date_trunc('day', ts), my_safe_fn(a) FROM t"));
        assertThat(detail(check("strict", "SELECT current_setting('x')"))).isEqualTo("function not in the allowlist: current_setting");
        assertThat(detail(check("strict", "SELECT public.lower(a) FROM t"))).isEqualTo("function not in the allowlist: public.lower");
        allowed(check("strict", "SELECT pg_catalog.lower(a) FROM t"));
        assertThat(detail(check("strict", "SELECT pg_sleep(1)"))).contains("pg_sleep");
    }

    @Test
    void perResourceExtraBlockedAndAllowedFunctions() {
        assertThat(detail(check("custom", "SELECT expensive_report()"))).contains("expensive_report");
        allowed(check("custom", "SELECT nextval('s')"));
        assertThat(detail(check("pg", "SELECT nextval('s')"))).contains("nextval (sequence changes)");
    }

    @Test
    void inputBounds() {
        assertThat(detail(check("custom", "SELECT " + "a, ".repeat(30) + "b FROM t")))
                .isEqualTo("query is longer than maxQueryLength (64 characters)");
        assertThat(detail(check("pg", "SELECT " + "(".repeat(65_536)))).contains("nests parentheses");
        assertThat(((Decision.Rejected) check("pg", "  -- only a comment")).reason()).isEqualTo(RejectReason.INVALID_INPUT);
    }

    @Test
    void dollarQuotingIsUnderstoodNotPassedToTheParser() {
        ApprovedQuery q = allowed(check("pg", "SELECT $fn$ it's; DROP TABLE t $fn$ AS s"));
        assertThat(q.sql()).contains("$fn$ it's; DROP TABLE t $fn$");
    }
}

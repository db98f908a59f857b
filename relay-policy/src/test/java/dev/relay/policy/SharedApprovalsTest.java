package dev.relay.policy;

import static dev.relay.policy.VerdictCacheEngineTest.describe;
import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.policy.corpus.Corpus;
import dev.relay.policy.internal.PgLexer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Approvals shared between queries that differ only in their literals: the same decision as a
 * fresh check for every literal an attacker may choose, and never shared across a difference the
 * parser can see.
 */
class SharedApprovalsTest {

    static final String ID = "corpus";
    static final int MAX_ROWS = 1000;

    /** Every parse goes to this pool (inline parsing off), so parses are counted exactly. */
    static CountingParserPool pool;

    @BeforeAll
    static void startPool() {
        pool = new CountingParserPool("shared-approvals-parser");
    }

    @AfterAll
    static void stopPool() {
        pool.close();
    }

    static PolicyEngine engine(boolean cache, boolean share) {
        return PolicyEngine.builder().parserExecutor(pool.executor()).inlineParsing(false)
                .verdictCache(cache ? 10_000 : 0, cache ? 1_000_000 : 0).sharedApprovals(share)
                .resource(ResourcePolicy.builder(ID, "postgres").maxRowsPerQuery(MAX_ROWS)
                        .tablesDeny(List.of("*.secrets", "pg_catalog.pg_authid")).build())
                .build();
    }

    static Decision evaluate(PolicyEngine engine, String op, String sql, List<@Nullable Object> params) {
        return engine.evaluate(PolicyRequest.sql(ID, op, sql, params));
    }

    /**
     * The query with every literal rewritten by an attacker's choice: plain integers become other
     * integers (small, around the row cap, huge), strings get hostile contents in the literal's own
     * quoting. Tokens the parser sees as written (1.5, 1e3, identifiers) are left alone.
     */
    static String mutateLiterals(String sql, Random random) {
        PgLexer.Result lexed = PgLexer.lex(sql);
        if (lexed.problem() != null) {
            return sql;
        }
        String canonical = lexed.canonical();
        StringBuilder out = new StringBuilder();
        int copied = 0;
        for (PgLexer.Token t : lexed.tokens()) {
            String text = lexed.text(t);
            String replacement = null;
            if (t.kind() == PgLexer.Kind.NUMBER && text.matches("[0-9]{1,18}")) {
                long[] choices = {0, 1, 7, MAX_ROWS, MAX_ROWS + 1L, 5_000, 999_999_999_999_999_999L, random.nextInt(100_000)};
                replacement = Long.toString(choices[random.nextInt(choices.length)]);
            } else if (t.kind() == PgLexer.Kind.STRING && text.startsWith("'")) {
                String[] contents = {"", "x", "'' OR 1=1 --", "'); DROP TABLE users; --", "\\' OR \\'1",
                    "$$ ; SELECT pg_read_file('/etc/passwd') $$", "/* */ UNION SELECT * FROM secrets", "a\nb"};
                replacement = "'" + contents[random.nextInt(contents.length)].replace("'", "''") + "'";
            } else if (t.kind() == PgLexer.Kind.STRING && text.startsWith("$$")) {
                replacement = "$$' ; DELETE FROM users; '$$";
            }
            if (replacement != null) {
                out.append(canonical, copied, t.start()).append(replacement);
                copied = t.end();
            }
        }
        return out.append(canonical, copied, canonical.length()).toString();
    }

    @Test
    void everyLiteralVariantOfTheCorporaGetsTheDecisionAFreshCheckGives() {
        List<Corpus.Entry> entries = new ArrayList<>();
        entries.addAll(Corpus.load("postgres-benign.sql"));
        entries.addAll(Corpus.load("postgres-malicious.sql"));
        entries.addAll(Corpus.load("postgres-parser-limitations.sql"));
        Random random = new Random(20261121);
        int shared = 0;
        int variants = 0;
        try (PolicyEngine sharing = engine(true, true); PolicyEngine fresh = engine(false, false)) {
            for (String op : List.of("query", "explain")) {
                for (Corpus.Entry e : entries) {
                    evaluate(sharing, op, e.sql(), e.dummyParameters()); // approves the shape, if it is approvable
                    for (int v = 0; v < 4; v++) {
                        String variant = mutateLiterals(e.sql(), random);
                        if (variant.equals(e.sql())) {
                            continue;
                        }
                        variants++;
                        long before = pool.parses();
                        Decision viaShared = evaluate(sharing, op, variant, e.dummyParameters());
                        shared += pool.parses() == before ? 1 : 0;
                        assertThat(describe(viaShared)).as("%s %s, variant %s", op, e, v)
                                .isEqualTo(describe(evaluate(fresh, op, variant, e.dummyParameters())));
                    }
                }
            }
        }
        assertThat(variants).isGreaterThan(1_000);
        assertThat(shared).as("variants approved without a parse").isGreaterThan(variants / 4);
    }

    @Test
    void aDifferentLimitValueIsClampedFromTheQuerysOwnToken() {
        try (PolicyEngine engine = engine(true, true)) {
            String small = "SELECT id FROM orders ORDER BY id LIMIT 10";
            assertThat(describe(evaluate(engine, "query", small, List.of()))).endsWith("false [] " + small);
            long before = pool.parses();
            assertThat(describe(evaluate(engine, "query", "SELECT id FROM orders ORDER BY id LIMIT 1000", List.of())))
                    .endsWith("false [] SELECT id FROM orders ORDER BY id LIMIT 1000");
            assertThat(describe(evaluate(engine, "query", "SELECT id FROM orders ORDER BY id LIMIT 1001", List.of())))
                    .endsWith("true [] SELECT id FROM orders ORDER BY id LIMIT 1001");
            assertThat(describe(evaluate(engine, "query", "SELECT id FROM orders ORDER BY id LIMIT 999999999999999999", List.of())))
                    .endsWith("true [] SELECT id FROM orders ORDER BY id LIMIT 1001");
            assertThat(describe(evaluate(engine, "query", "SELECT id FROM orders ORDER BY id FETCH FIRST 10 ROWS ONLY", List.of())))
                    .endsWith("false [] SELECT id FROM orders ORDER BY id FETCH FIRST 10 ROWS ONLY");
            assertThat(pool.parses() - before).as("only the FETCH form is a new shape").isEqualTo(1);
            assertThat(describe(evaluate(engine, "query", "SELECT id FROM orders ORDER BY id FETCH FIRST 50000 ROWS ONLY", List.of())))
                    .endsWith("true [] SELECT id FROM orders ORDER BY id FETCH FIRST 1001 ROWS ONLY");
            assertThat(pool.parses() - before).isEqualTo(1);
        }
    }

    /** Pairs that look alike but that a parser reads differently: each is checked on its own. */
    @ParameterizedTest(name = "[{index}] {0}  vs  {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "SELECT id FROM orders WHERE id = 1          | SELECT id FROM secrets WHERE id = 1",
        "SELECT id FROM orders WHERE id = 1          | SELECT id FROM orders WHERE id = 1.5",
        "SELECT id FROM orders WHERE id = 10         | SELECT id FROM orders WHERE id = 1e1",
        "SELECT id FROM orders WHERE id = 1000       | SELECT id FROM orders WHERE id = 1_000",
        "SELECT 0 x1 FROM orders                     | SELECT 0x1 FROM orders",
        "SELECT 5 abc FROM orders                    | SELECT 5abc FROM orders",
        "SELECT id FROM orders WHERE id = 1          | SELECT id FROM orders WHERE id = $1",
        "SELECT id FROM orders LIMIT 5               | SELECT id FROM orders LIMIT ALL",
        "SELECT id FROM orders LIMIT 5               | SELECT id FROM orders LIMIT (5000)",
        "SELECT 'a' FROM orders                      | SELECT \"a\" FROM orders",
        "SELECT 'pg_authid' FROM orders              | SELECT * FROM pg_authid",
        "SELECT id FROM orders WHERE note = ''       | SELECT id FROM orders WHERE note = '' OR pg_sleep(1) IS NULL",
        "SELECT t.1 FROM orders t                    | SELECT t.2 FROM orders t",
    })
    void queriesTheParserReadsDifferentlyAreCheckedSeparately(String first, String second) {
        try (PolicyEngine engine = engine(true, true); PolicyEngine fresh = engine(false, false)) {
            evaluate(engine, "query", first, List.of());
            long before = pool.parses();
            Decision d = evaluate(engine, "query", second, second.contains("$1") ? List.of(1) : List.of());
            assertThat(pool.parses() - before).as("checked, not shared").isGreaterThanOrEqualTo(1);
            assertThat(describe(d)).isEqualTo(describe(evaluate(fresh, "query", second,
                    second.contains("$1") ? List.of(1) : List.of())));
        }
    }

    @Test
    void literalsOfAnyQuotingAndLengthShareOneApproval() {
        try (PolicyEngine engine = engine(true, true)) {
            evaluate(engine, "query", "SELECT id FROM orders WHERE status = 'paid' AND id > 10", List.of());
            long before = pool.parses();
            for (String sql : List.of(
                    "SELECT id FROM orders WHERE status = E'p\\'aid' AND id > 99999",
                    "SELECT id FROM orders WHERE status = $$a;b$$ AND id > 0",
                    "SELECT id FROM orders WHERE status = $q$'); DROP TABLE orders; --$q$ AND id > 7",
                    "SELECT id FROM orders WHERE status = 'a much longer literal with '' quotes' AND id > 12345678")) {
                Decision d = evaluate(engine, "query", sql, List.of());
                assertThat(d).isInstanceOf(Decision.Allowed.class);
                // the approved text is the query's own, literals and all, wrapped for the cap
                assertThat(((Decision.Allowed) d).query().sql()).contains(sql);
            }
            assertThat(pool.parses() - before).isZero();
        }
    }

    @Test
    void rejectionsAreNeverShared() {
        try (PolicyEngine engine = engine(true, true)) {
            evaluate(engine, "query", "SELECT * FROM secrets WHERE id = 1", List.of());
            long before = pool.parses();
            Decision.Rejected r = (Decision.Rejected) evaluate(engine, "query", "SELECT * FROM secrets WHERE id = 2", List.of());
            assertThat(r.detail()).contains("table not permitted");
            assertThat(pool.parses() - before).isEqualTo(1);
        }
    }

    @Test
    void sharingCanBeTurnedOff() {
        try (PolicyEngine engine = engine(true, false)) {
            evaluate(engine, "query", "SELECT id FROM orders WHERE id = 1", List.of());
            long before = pool.parses();
            evaluate(engine, "query", "SELECT id FROM orders WHERE id = 2", List.of());
            assertThat(pool.parses() - before).isEqualTo(1);
        }
    }

    @Test
    void parseErrorPositionsPointIntoTheQueryAsWritten() {
        try (PolicyEngine engine = engine(true, true)) {
            // the literals are 35 and 5 characters in the query, 2 and 1 in the parser's copy; JSqlParser
            // names the first FROM (it cannot end a select list that is followed by another FROM)
            String sql = "SELECT 'a literal of many characters....' AS x,\n  12345 FROM FROM orders";
            Decision.Rejected r = (Decision.Rejected) evaluate(engine, "query", sql, List.of());
            assertThat(r.detail()).isEqualTo("query could not be parsed: unexpected \"FROM\" at line 2, column 9");
            Decision.Rejected sameLine = (Decision.Rejected) evaluate(engine, "query",
                    "SELECT 'twelve chars' AS x, 123456789 AS y FROM FROM orders", List.of());
            assertThat(sameLine.detail()).isEqualTo("query could not be parsed: unexpected \"FROM\" at line 1, column 44");
        }
    }
}

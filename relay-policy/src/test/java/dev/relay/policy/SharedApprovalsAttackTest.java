package dev.relay.policy;

import static dev.relay.policy.VerdictCacheEngineTest.describe;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Attacks on shared approvals (an approval remembered under the parser input is reused for every
 * query with the same parser input): a hostile agent sends a benign query A, which is approved,
 * then a query B built to have the same parser input, hoping that B is approved without its own
 * check, or with A's row cap, or with A's parameter count. Every row asserts the safe outcome,
 * and always that the engine with sharing gives B exactly the decision a fresh engine gives.
 *
 * <p>Text escapes in the tables (CSV cannot hold control characters): {@code ⏎} newline,
 * {@code ␍} carriage return, {@code ␋} vertical tab, {@code ⇥} tab. A query prefixed
 * {@code explain:} is sent as the {@code explain} operation.
 */
class SharedApprovalsAttackTest {

    static final String ID = "pg";
    static final String STRICT = "pg-strict";
    static final int MAX_ROWS = 1000;

    /** Every parse goes to this pool (inline parsing off), so parses are counted exactly. */
    static CountingParserPool pool;

    @BeforeAll
    static void startPool() {
        pool = new CountingParserPool("shared-approvals-attack-parser");
    }

    @AfterAll
    static void stopPool() {
        pool.close();
    }

    static PolicyEngine engine(boolean share) {
        return PolicyEngine.builder().parserExecutor(pool.executor()).inlineParsing(false)
                .verdictCache(share ? 10_000 : 0, share ? 1_000_000 : 0).sharedApprovals(share)
                .resource(ResourcePolicy.builder(ID, "postgres").maxRowsPerQuery(MAX_ROWS)
                        .tablesDeny(List.of("*.secrets")).build())
                .resource(ResourcePolicy.builder(STRICT, "postgres").maxRowsPerQuery(10)
                        .tablesDeny(List.of("*.orders")).build())
                .build();
    }

    static String unescape(String s) {
        return s.replace('⏎', '\n').replace('␍', '\r').replace('␋', '\u000B').replace('⇥', '\t');
    }

    static String op(String sql) {
        return sql.startsWith("explain:") ? "explain" : "query";
    }

    static String text(String sql) {
        return unescape(sql.startsWith("explain:") ? sql.substring("explain:".length()) : sql);
    }

    /** Binds $1..$n (the highest $n written) to a harmless value. */
    static List<@Nullable Object> params(String sql) {
        int max = 0;
        Matcher m = Pattern.compile("\\$(\\d{1,2})(?![0-9_])").matcher(sql);
        while (m.find()) {
            max = Math.max(max, Integer.parseInt(m.group(1)));
        }
        List<@Nullable Object> out = new ArrayList<>();
        for (int i = 0; i < max; i++) {
            out.add(1);
        }
        return out;
    }

    static Decision evaluate(PolicyEngine engine, String resource, String sql) {
        return engine.evaluate(PolicyRequest.sql(resource, op(sql), text(sql), params(text(sql))));
    }

    /** Every LIMIT n / FETCH FIRST|NEXT n of an approved text. */
    static final Pattern LIMIT = Pattern.compile("(?i)\\b(LIMIT|FIRST|NEXT)\\s+(\\S+)");

    /** Whether the approved text's last (outermost) limit is the cap: wrapped, or clamped in place. */
    static boolean capped(String sql) {
        Matcher m = LIMIT.matcher(sql);
        String last = null;
        while (m.find()) {
            last = m.group(2);
        }
        return sql.endsWith(") AS relay_q LIMIT " + (MAX_ROWS + 1)) || Integer.toString(MAX_ROWS + 1).equals(last);
    }

    /**
     * A first, then B, on an engine that shares approvals: B's decision is a fresh engine's, and
     * the row-specific expectation holds.
     * <ul>
     *   <li>{@code same}: nothing more than the fresh engine's decision;</li>
     *   <li>{@code capped}: B is approved with the row cap (clamped; no 5000-row limit left unwrapped);</li>
     *   <li>{@code rejected}: B is rejected;</li>
     *   <li>{@code own}: B is parsed on its own (its parser input differs from A's);</li>
     *   <li>{@code shared}: B is approved without a parse (what sharing is for; nothing to fear).</li>
     * </ul>
     */
    @ParameterizedTest(name = "[{index}] {0}: {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
        # --- a shortened literal list hides how many tokens it held: the row-limit plan must not name a token index
        list-shift LIMIT      | SELECT id FROM orders WHERE id IN (1, 2, 3333, 4, 5, 6, 7, 8) OR id = 7 LIMIT 10 | SELECT id FROM orders WHERE id IN (1, 2, 3, 3, 4, 5, 6, 7, 8) OR id = 7 LIMIT 5000 | capped
        list-shift FETCH      | SELECT id FROM orders WHERE id IN (1, 2, 3333, 4, 5, 6, 7, 8) OR id = 7 FETCH FIRST 10 ROWS ONLY | SELECT id FROM orders WHERE id IN (1, 2, 3, 3, 4, 5, 6, 7, 8) OR id = 7 FETCH FIRST 5000 ROWS ONLY | capped
        list-shift NEXT       | SELECT id FROM orders WHERE id IN (1, 2, 3333, 4, 5, 6, 7, 8) OR id = 7 OFFSET 3 ROWS FETCH NEXT 10 ROWS ONLY | SELECT id FROM orders WHERE id IN (1, 2, 3, 3, 4, 5, 6, 7, 8) OR id = 7 OFFSET 3 ROWS FETCH NEXT 5000 ROWS ONLY | capped
        list-shift clamps other literal | SELECT id FROM orders WHERE id IN (1, 2, 3333, 4, 5, 6, 7, 8) OR id = 9999 LIMIT 10 | SELECT id FROM orders WHERE id IN (1, 2, 3, 3, 4, 5, 6, 7, 8) OR id = 9999 LIMIT 5000 | capped
        list-shift two lists  | SELECT id FROM orders WHERE id IN (1, 2, 3333, 4, 5, 6, 7, 8) AND id NOT IN (1, 2, 3, 3, 4, 5, 6, 7, 8) LIMIT 10 | SELECT id FROM orders WHERE id IN (1, 2, 3, 3, 4, 5, 6, 7, 8) AND id NOT IN (1, 2, 3333, 4, 5, 6, 7, 8) LIMIT 5000 | capped
        list-shift fewer tokens | SELECT id FROM orders WHERE id IN (1, 2, 3, 3, 4, 5, 6, 7, 8) OR id = 5000 LIMIT 10 | SELECT id FROM orders WHERE id IN (1, 2, 3333, 4, 5, 6, 7, 8) OR id = 5000 LIMIT 10 | shared
        list-shift sign       | SELECT id FROM orders WHERE id IN (1, 2, -3, 4, 5, 6, 7, 8) OR id = 7 LIMIT 10 | SELECT id FROM orders WHERE id IN (1, 2, 33, 4, 5, 6, 7, 8) OR id = 7 LIMIT 5000 | capped
        list-shift strings    | SELECT id FROM orders WHERE note IN ('a', 'b', 'cccccc', 'd', 'e', 'f', 'g', 'h') OR id = 7 LIMIT 10 | SELECT id FROM orders WHERE note IN ('a', 'b', 'c', 1, 'e', 'f', 'g', 'h', 9) OR id = 7 LIMIT 5000 | capped
        list-shift select list | SELECT (1, 2, 3333, 4, 5, 6, 7, 8) AS r, 7 LIMIT 10 | SELECT (1, 2, 3, 3, 4, 5, 6, 7, 8) AS r, 7 LIMIT 5000 | capped
        list-shift VALUES     | VALUES (1, 2, 3333, 4, 5, 6, 7, 8), (9, 9, 9, 9, 9, 9, 9, 9) LIMIT 10 | VALUES (1, 2, 3, 3, 4, 5, 6, 7, 8), (9, 9, 9, 9, 9, 9, 9, 9) LIMIT 5000 | capped
        # --- numbers PostgreSQL reads otherwise than a plain integer: never replaced, so never shared with one
        number 1.             | SELECT id FROM orders WHERE id = 1 | SELECT id FROM orders WHERE id = 1. | own
        number .5             | SELECT id FROM orders WHERE id = 1 | SELECT id FROM orders WHERE id = .5 | own
        number 1e5            | SELECT id FROM orders WHERE id = 1 | SELECT id FROM orders WHERE id = 1e5 | own
        number 1E+5           | SELECT id FROM orders WHERE id = 1 | SELECT id FROM orders WHERE id = 1E+5 | own
        number 1.e5           | SELECT id FROM orders WHERE id = 1 | SELECT id FROM orders WHERE id = 1.e5 | own
        number 0x10 (PG 16)   | SELECT id FROM orders WHERE id = 0 | SELECT id FROM orders WHERE id = 0x10 | own
        number 0X1f           | SELECT id FROM orders WHERE id = 0 | SELECT id FROM orders WHERE id = 0X1f | own
        number 0o17           | SELECT id FROM orders WHERE id = 0 | SELECT id FROM orders WHERE id = 0o17 | own
        number 0b101          | SELECT id FROM orders WHERE id = 0 | SELECT id FROM orders WHERE id = 0b101 | own
        number 1_000 (PG 16)  | SELECT id FROM orders WHERE id = 1 | SELECT id FROM orders WHERE id = 1_000 | own
        number 0_1            | SELECT id FROM orders WHERE id = 0 | SELECT id FROM orders WHERE id = 0_1 | own
        number junk 5abc      | SELECT 5 abc FROM orders | SELECT 5abc FROM orders | own
        number junk 1e        | SELECT 1 e FROM orders | SELECT 1e FROM orders | own
        number junk 1.x       | SELECT 1 x FROM orders | SELECT 1.x FROM orders | own
        number junk 0x        | SELECT 0 x FROM orders | SELECT 0x FROM orders | own
        # JSqlParser reads these, PostgreSQL 15+ refuses them (trailing junk after numeric literal); never a call
        number 0xpg_sleep     | SELECT 0 x FROM orders | SELECT 0xpg_sleep(1) FROM orders | same
        number 0x1Fpg_sleep   | SELECT 0 x FROM orders | SELECT 0x1Fpg_sleep(1) FROM orders | own
        number 1.5e3pg_sleep  | SELECT 0 x FROM orders | SELECT 1.5e3pg_sleep(1) FROM orders | rejected
        number comment alias  | SELECT 5 abc FROM orders | SELECT 5/**/abc FROM orders | shared
        number line comment   | SELECT 5 abc FROM orders | SELECT 5--c⏎abc FROM orders | own
        number $1             | SELECT id FROM orders WHERE id = 1 | SELECT id FROM orders WHERE id = $1 | own
        number arabic digit   | SELECT id FROM orders WHERE id = 1 | SELECT id FROM orders WHERE id = ١ | own
        number full-width     | SELECT id FROM orders WHERE id = 1 | SELECT id FROM orders WHERE id = １ | own
        number negative       | SELECT id FROM orders WHERE id = 1 | SELECT id FROM orders WHERE id = -1 | own
        number minus minus    | SELECT id FROM orders WHERE id = 1 - 1 | SELECT id FROM orders WHERE id = 1 -1 | own
        number 18 digits      | SELECT id FROM orders WHERE id = 1 | SELECT id FROM orders WHERE id = 999999999999999999 | shared
        number 19 digits      | SELECT id FROM orders WHERE id = 1 | SELECT id FROM orders WHERE id = 9999999999999999999 | own
        number t.1            | SELECT t.1 FROM orders t | SELECT t.2 FROM orders t | own
        number array slice    | SELECT a[1:2] FROM orders | SELECT a[1:5000] FROM orders | shared
        number double colon   | SELECT 1::int FROM orders | SELECT 5000::int FROM orders | shared
        # --- the row cap: every way to write a big limit
        limit hex             | SELECT id FROM orders LIMIT 10 | SELECT id FROM orders LIMIT 0x1388 | capped
        limit octal           | SELECT id FROM orders LIMIT 10 | SELECT id FROM orders LIMIT 0o11610 | capped
        limit binary          | SELECT id FROM orders LIMIT 10 | SELECT id FROM orders LIMIT 0b1001110001000 | capped
        limit underscore      | SELECT id FROM orders LIMIT 10 | SELECT id FROM orders LIMIT 5_000 | capped
        limit exponent        | SELECT id FROM orders LIMIT 10 | SELECT id FROM orders LIMIT 5e3 | capped
        limit trailing dot    | SELECT id FROM orders LIMIT 10 | SELECT id FROM orders LIMIT 5000. | capped
        limit decimal         | SELECT id FROM orders LIMIT 10 | SELECT id FROM orders LIMIT 5000.0 | capped
        limit string          | SELECT id FROM orders LIMIT 10 | SELECT id FROM orders LIMIT '5000' | capped
        limit plus sign       | SELECT id FROM orders LIMIT 10 | SELECT id FROM orders LIMIT +5000 | capped
        limit negative        | SELECT id FROM orders LIMIT 10 | SELECT id FROM orders LIMIT -5000 | capped
        limit MySQL comma     | SELECT id FROM orders LIMIT 10 | SELECT id FROM orders LIMIT 7, 5000 | capped
        limit 23 digits       | SELECT id FROM orders LIMIT 10 | SELECT id FROM orders LIMIT 00000000000000000005000 | capped
        limit 18 digits       | SELECT id FROM orders LIMIT 10 | SELECT id FROM orders LIMIT 000000000000005000 | capped
        limit 19 nines        | SELECT id FROM orders LIMIT 10 | SELECT id FROM orders LIMIT 9999999999999999999 | capped
        limit max long        | SELECT id FROM orders LIMIT 10 | SELECT id FROM orders LIMIT 999999999999999999 | capped
        limit comment after   | SELECT id FROM orders LIMIT 10 | SELECT id FROM orders LIMIT 5000/**/ | capped
        limit comment before  | SELECT id FROM orders LIMIT 10 | SELECT id FROM orders LIMIT/**/5000 | capped
        limit line comment    | SELECT id FROM orders LIMIT 10 | SELECT id FROM orders LIMIT 5000--x | capped
        limit decoy comment   | SELECT id FROM orders LIMIT 10 | SELECT id FROM orders LIMIT 5000 /* LIMIT 10 */ | capped
        limit decoy line      | SELECT id FROM orders LIMIT 10 | SELECT id FROM orders LIMIT 5000 -- LIMIT 10 | capped
        limit cast            | SELECT id FROM orders LIMIT 10 | SELECT id FROM orders LIMIT 5000::int | capped
        limit cast both       | SELECT id FROM orders LIMIT 10::int | SELECT id FROM orders LIMIT 5000::int | capped
        limit parenthesised   | SELECT id FROM orders LIMIT (10) | SELECT id FROM orders LIMIT (5000) | capped
        limit ALL             | SELECT id FROM orders LIMIT 10 | SELECT id FROM orders LIMIT ALL | capped
        limit NULL            | SELECT id FROM orders LIMIT 10 | SELECT id FROM orders LIMIT NULL | capped
        limit parameter       | SELECT id FROM orders LIMIT 10 | SELECT id FROM orders LIMIT $1 | capped
        limit full-width      | SELECT id FROM orders LIMIT 10 | SELECT id FROM orders LIMIT ５０００ | same
        limit arabic digits   | SELECT id FROM orders LIMIT 10 | SELECT id FROM orders LIMIT ٥٠٠٠ | same
        limit then offset     | SELECT id FROM orders LIMIT 10 OFFSET 5 | SELECT id FROM orders LIMIT 5000 OFFSET 5 | capped
        limit after offset    | SELECT id FROM orders OFFSET 5 LIMIT 10 | SELECT id FROM orders OFFSET 5 LIMIT 5000 | capped
        limit offset decoy    | SELECT id FROM orders LIMIT 10 OFFSET 5000 | SELECT id FROM orders LIMIT 5000 OFFSET 10 | capped
        limit at cap          | SELECT id FROM orders LIMIT 10 | SELECT id FROM orders LIMIT 1000 | shared
        limit above cap       | SELECT id FROM orders LIMIT 10 | SELECT id FROM orders LIMIT 1001 | capped
        limit zero            | SELECT id FROM orders LIMIT 10 | SELECT id FROM orders LIMIT 0 | shared
        limit select-list decoy | SELECT 1 FROM orders LIMIT 1 | SELECT 5000 FROM orders LIMIT 5000 | capped
        limit same number     | SELECT id, 7 FROM orders WHERE id = 7 LIMIT 7 | SELECT id, 5000 FROM orders WHERE id = 5000 LIMIT 5000 | capped
        fetch string          | SELECT id FROM orders FETCH FIRST 10 ROWS ONLY | SELECT id FROM orders FETCH FIRST '5000' ROWS ONLY | capped
        fetch plus sign       | SELECT id FROM orders FETCH FIRST 10 ROWS ONLY | SELECT id FROM orders FETCH FIRST +5000 ROWS ONLY | capped
        fetch PERCENT         | SELECT id FROM orders FETCH FIRST 10 ROWS ONLY | SELECT id FROM orders FETCH FIRST 5000 PERCENT ROWS ONLY | capped
        fetch NEXT ROW        | SELECT id FROM orders FETCH FIRST 10 ROWS ONLY | SELECT id FROM orders FETCH NEXT 5000 ROW ONLY | capped
        fetch no count        | SELECT id FROM orders FETCH FIRST ROW ONLY | SELECT id FROM orders FETCH FIRST 5000 ROW ONLY | capped
        fetch WITH TIES       | SELECT id FROM orders ORDER BY id FETCH FIRST 10 ROWS WITH TIES | SELECT id FROM orders ORDER BY id FETCH FIRST 5000 ROWS WITH TIES | capped
        fetch offset rows     | SELECT id FROM orders OFFSET 5 ROWS FETCH FIRST 10 ROWS ONLY | SELECT id FROM orders OFFSET 5 ROWS FETCH FIRST 5000 ROWS ONLY | capped
        limit in subquery     | SELECT id FROM (SELECT id FROM orders LIMIT 10) s | SELECT id FROM (SELECT id FROM orders LIMIT 5000) s | capped
        limit in parentheses  | (SELECT id FROM orders LIMIT 10) | (SELECT id FROM orders LIMIT 5000) | capped
        limit after parens    | (SELECT id FROM orders) LIMIT 10 | (SELECT id FROM orders) LIMIT 5000 | capped
        limit on UNION        | SELECT id FROM orders UNION SELECT id FROM orders LIMIT 10 | SELECT id FROM orders UNION SELECT id FROM orders LIMIT 5000 | capped
        limit in UNION branch | SELECT id FROM orders UNION (SELECT id FROM orders LIMIT 10) | SELECT id FROM orders UNION (SELECT id FROM orders LIMIT 5000) | capped
        limit in CTE          | WITH x AS (SELECT id FROM orders LIMIT 10) SELECT * FROM x LIMIT 10 | WITH x AS (SELECT id FROM orders LIMIT 5000) SELECT * FROM x LIMIT 5000 | capped
        limit in IN subquery  | SELECT id FROM orders WHERE id IN (SELECT id FROM orders LIMIT 10) LIMIT 20 | SELECT id FROM orders WHERE id IN (SELECT id FROM orders LIMIT 20) LIMIT 5000 | capped
        limit in LATERAL      | SELECT o.id FROM orders o, LATERAL (SELECT 1 LIMIT 10) l LIMIT 10 | SELECT o.id FROM orders o, LATERAL (SELECT 1 LIMIT 10) l LIMIT 5000 | capped
        # --- strings: any quoting becomes '' (the parser never saw their contents); code PostgreSQL would see is checked
        string E backslash    | SELECT 'a' FROM orders | SELECT E'\\'' FROM orders | shared
        string bit            | SELECT 'a' FROM orders | SELECT B'0101' FROM orders | shared
        string hex            | SELECT 'a' FROM orders | SELECT X'0F' FROM orders | shared
        string national       | SELECT 'a' FROM orders | SELECT N'x' FROM orders | shared
        string unicode        | SELECT 'a' FROM orders | SELECT U&'\\0041' FROM orders | shared
        string UESCAPE        | SELECT 'a' FROM orders | SELECT U&'!0041' UESCAPE '!' FROM orders | rejected
        string UESCAPE comment | SELECT 'a' FROM orders | SELECT U&'!0041'/**/UESCAPE '!' FROM orders | rejected
        string UESCAPE newline | SELECT 'a' '' FROM orders | SELECT U&'!0041'⏎UESCAPE '!' FROM orders | rejected
        string dollar tag     | SELECT 'a' FROM orders | SELECT $q$a$q$ FROM orders | shared
        string dollar nested  | SELECT 'a' FROM orders | SELECT $a$ $b$ $a$, pg_sleep(1) -- $b$ FROM orders | rejected
        string bit split      | SELECT 'a' FROM orders | SELECT B'01''10' FROM orders | rejected
        string hex split      | SELECT 'a' FROM orders | SELECT X'AB'', pg_sleep(1), ''CD' FROM orders | rejected
        string hex split scs  | SELECT 'a' FROM orders | SELECT X'AB''\\'' , pg_sleep(1) --' FROM orders | rejected
        string bit continued  | SELECT 'a' FROM orders | SELECT B'01'⏎'10' FROM orders | own
        string std backslash  | SELECT 'a' FROM orders | SELECT '\\' , pg_sleep(1) --' FROM orders | rejected
        string scs off        | SELECT 'a', 'b' FROM orders | SELECT '\\', ' , pg_sleep(1) --' FROM orders | rejected
        string scs off N      | SELECT 'a', 'b' FROM orders | SELECT N'\\', ' , pg_sleep(1) --' FROM orders | rejected
        string scs same       | SELECT 'a', 'b' FROM orders | SELECT '\\\\', 'C:\\temp' FROM orders | shared
        string E backslashes  | SELECT 'a' FROM orders | SELECT E'\\\\' , pg_sleep(1) --' FROM orders | rejected
        string E quote        | SELECT 'a' FROM orders | SELECT E'\\'' , pg_sleep(1) --' FROM orders | rejected
        string adjacent       | SELECT 'a' 'b' FROM orders | SELECT $$a$$'b' FROM orders | same
        string continuation   | SELECT 'a' 'b' FROM orders | SELECT 'a'⏎'b' FROM orders | own
        string SQL inside     | SELECT id FROM orders WHERE note = 'x' | SELECT id FROM orders WHERE note = ''' OR pg_sleep(1) IS NULL --' | shared
        string semicolon      | SELECT id FROM orders WHERE note = 'x' | SELECT id FROM orders WHERE note = '; DELETE FROM orders' | shared
        typed interval        | SELECT interval '1 day' | SELECT interval '1 day; DROP TABLE orders' | shared
        typed date            | SELECT date '2020-01-01' | SELECT date 'epoch' | shared
        typed function name   | SELECT int4 '1' | SELECT pg_sleep '10' | same
        # --- strings the database reads as names: no check ever saw them, sharing changes nothing
        name regclass         | SELECT 'orders'::regclass | SELECT 'secrets'::regclass | shared
        name regproc          | SELECT 'now'::regproc | SELECT 'pg_sleep'::regproc | shared
        name relation size    | SELECT pg_relation_size('orders') | SELECT pg_relation_size('secrets') | shared
        name viewdef          | SELECT pg_get_viewdef('orders') | SELECT pg_get_viewdef('secrets') | shared
        name privilege        | SELECT has_table_privilege('orders', 'select') | SELECT has_table_privilege('secrets', 'select') | shared
        name to_regclass      | SELECT to_regclass('orders') | SELECT to_regclass('secrets') | shared
        name sequence         | SELECT pg_sequence_last_value('orders_id_seq') | SELECT pg_sequence_last_value('secrets_id_seq') | shared
        name query_to_xml     | SELECT to_regclass('orders') | SELECT query_to_xml('SELECT * FROM secrets', true, true, '') | rejected
        # --- the walk must reach every operand (JSON arrows keep theirs as Map.Entry pairs)
        json -> call          | SELECT data -> 'a' FROM orders | SELECT data -> pg_read_file('/etc/passwd') FROM orders | rejected
        json ->> call         | SELECT data ->> 'a' FROM orders | SELECT data ->> pg_read_file('/etc/passwd') FROM orders | rejected
        json #> call          | SELECT data #> '{a}' FROM orders | SELECT data #> ARRAY[pg_sleep(1)::text] FROM orders | rejected
        json #>> subquery     | SELECT data #>> '{a}' FROM orders | SELECT data #>> (SELECT ARRAY[id::text] FROM secrets) FROM orders | rejected
        # --- PostgreSQL's attribute notation: (expr).f is f(expr), t.f is f(t)
        attribute call        | SELECT (note).length FROM orders | SELECT (note).pg_read_file FROM orders | rejected
        attribute cast call   | SELECT ('a'::text).length | SELECT ('/etc/passwd'::text).pg_read_file | rejected
        attribute sleep       | SELECT (1::float8).abs | SELECT (10::float8).pg_sleep | rejected
        attribute on alias    | SELECT o.id FROM orders o | SELECT o.pg_sleep FROM orders o | rejected
        attribute kill        | SELECT (id).abs FROM orders | SELECT (id).pg_terminate_backend FROM orders | rejected
        # --- text JSqlParser reads unlike PostgreSQL: Oracle q-quotes, // comments
        q-quote               | SELECT 'x', 1, 'y' | SELECT q'x' , pg_sleep(1) , 'y' | rejected
        q-quote brackets      | SELECT 'x', 1, 'y' | SELECT Q'[' , pg_sleep(1) , ']' | rejected
        nq-quote              | SELECT 'x', 1, 'y' | SELECT nq'x' , pg_sleep(1) , 'y' | rejected
        rbq-quote             | SELECT 'x', 1, 'y' | SELECT rbq'x' , pg_sleep(1) , 'y' | rejected
        q typed literal spaced | SELECT 'x', 1, 'y' | SELECT q 'x' , pg_sleep(1) , 'y' | rejected
        typed literal unspaced | SELECT date '2020-01-01' | SELECT date'2020-01-01' | own
        double slash          | SELECT 2 / 1 | SELECT 2 // pg_sleep(1) | rejected
        double slash in op    | SELECT 2 / 1 | SELECT 2 *// pg_sleep(1) | rejected
        # --- comments and whitespace
        comment CR ends --    | SELECT id FROM orders WHERE id = 1 | SELECT id FROM orders WHERE id = 1 --x␍ OR pg_sleep(1) IS NULL | rejected
        comment CR then code  | SELECT id FROM orders WHERE id = 1 | SELECT id FROM orders WHERE id = 1 --x␍ UNION SELECT id FROM secrets | rejected
        comment nested        | SELECT id FROM orders WHERE id = 1 | SELECT id FROM orders WHERE id = 1 /* /* */ OR pg_sleep(1) IS NULL */ | own
        whitespace vtab       | SELECT id FROM orders WHERE id = 1 | SELECT id FROM orders WHERE id = 1␋OR pg_sleep(1) IS NULL | rejected
        whitespace tab        | SELECT id FROM orders WHERE id = 1 | SELECT id FROM orders WHERE id =⇥1 | own
        # --- operation and parameters are part of the key or checked per request
        explain then query    | explain:SELECT id FROM orders LIMIT 10 | SELECT id FROM orders LIMIT 5000 | own
        query then explain    | SELECT id FROM orders LIMIT 10 | explain:SELECT id FROM orders LIMIT 5000 | own
        explain capped        | explain:SELECT id FROM orders LIMIT 10 | explain:SELECT id FROM orders LIMIT 5000 | capped
        param number          | SELECT id FROM orders WHERE id = $1 | SELECT id FROM orders WHERE id = $2 | own
        param leading zero    | SELECT id FROM orders WHERE id = $1 | SELECT id FROM orders WHERE id = $01 | own
        param underscore      | SELECT id FROM orders WHERE id = $1 | SELECT id FROM orders WHERE id = $1_0 | own
        param junk            | SELECT id FROM orders WHERE id = $1 | SELECT id FROM orders WHERE id = $1abc | own
        param huge            | SELECT id FROM orders WHERE id = $1 | SELECT id FROM orders WHERE id = $99999999999 | rejected
        param vs number       | SELECT id FROM orders WHERE id = $1 | SELECT id FROM orders WHERE id = 1 | own
        """)
    void aSharedApprovalNeverGivesBWhatAFreshCheckWouldNot(String category, String a, String b, String expect) {
        try (PolicyEngine sharing = engine(true); PolicyEngine fresh = engine(false)) {
            evaluate(sharing, ID, a);
            long before = pool.parses();
            Decision viaShared = evaluate(sharing, ID, b);
            long parsed = pool.parses() - before;
            Decision alone = evaluate(fresh, ID, b);
            assertThat(describe(viaShared)).as("%s: B after A, against a fresh check", category).isEqualTo(describe(alone));
            switch (expect.trim()) {
                case "capped" -> {
                    assertThat(viaShared).as(category).isInstanceOf(Decision.Allowed.class);
                    ApprovedQuery q = ((Decision.Allowed) viaShared).query();
                    assertThat(q.clampedByRewrite()).as(category).isTrue();
                    assertThat(capped(q.sql())).as("%s: %s is not capped", category, q.sql()).isTrue();
                }
                case "rejected" -> assertThat(viaShared).as(category).isInstanceOf(Decision.Rejected.class);
                case "own" -> assertThat(parsed).as("%s: B is checked on its own", category).isPositive();
                case "shared" -> {
                    assertThat(viaShared).as(category).isInstanceOf(Decision.Allowed.class);
                    assertThat(parsed).as("%s: B shares A's approval", category).isZero();
                }
                case "same" -> {
                }
                default -> throw new IllegalArgumentException("unknown expectation " + expect);
            }
        }
    }

    /**
     * Hidden calls and tables in every position the walk must reach, and operators JSqlParser
     * reads unlike PostgreSQL (a {@code //} is a comment to JSqlParser and an operator to
     * PostgreSQL; JSON arrows keep their operands as {@code Map.Entry} pairs): approved first
     * as {@code SELECT 1}, then each must be rejected as a fresh engine rejects it
     * ({@code same}: whatever a fresh engine says; {@code 'a' COLLATE pg_read_file} names a
     * collation, which PostgreSQL refuses).
     */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiterString = "==>", quoteCharacter = '`', textBlock = """
        SELECT 1 # pg_sleep(1)                                                   ==> rejected
        SELECT 1 #pg_sleep(1)                                                    ==> rejected
        SELECT 2 // pg_sleep(1)                                                  ==> rejected
        SELECT 2 # pg_sleep(1)⏎                                                  ==> rejected
        SELECT 2 ## pg_sleep(1)                                                  ==> rejected
        SELECT 4 #- pg_sleep(1)                                                  ==> rejected
        SELECT '{}'::jsonb #- pg_read_file('x')::text[]                          ==> rejected
        SELECT 1 #> pg_sleep(1)                                                  ==> rejected
        SELECT 1 ?# pg_sleep(1)                                                  ==> rejected
        SELECT 1 @@ pg_sleep(1)                                                  ==> rejected
        SELECT 1 !! pg_sleep(1)                                                  ==> rejected
        SELECT 1 ~~* pg_sleep(1)                                                 ==> rejected
        SELECT 1 <-> pg_sleep(1)                                                 ==> rejected
        SELECT 1 ^ pg_sleep(1)                                                   ==> rejected
        SELECT 1 |/ pg_sleep(1)                                                  ==> rejected
        SELECT 1 ||/ pg_sleep(1)                                                 ==> rejected
        SELECT 1 OPERATOR(pg_catalog.+) pg_sleep(1)                              ==> rejected
        SELECT 1 FROM orders WHERE a @> pg_sleep(1)                              ==> rejected
        SELECT @pg_sleep(1)                                                      ==> rejected
        SELECT @ pg_sleep(1)                                                     ==> rejected
        SELECT @@pg_sleep(1)                                                     ==> rejected
        SELECT 1 FROM orders WHERE id = @pg_sleep(1)                             ==> rejected
        SELECT :pg_sleep(1)                                                      ==> rejected
        SELECT ~pg_sleep(1)::int                                                 ==> rejected
        SELECT -pg_sleep(1)::int                                                 ==> rejected
        SELECT !!pg_sleep(1)                                                     ==> rejected
        SELECT |/pg_read_file('x')::float8                                       ==> rejected
        SELECT pg_read_file('x') COLLATE "C"                                     ==> rejected
        SELECT 'a' COLLATE pg_read_file                                          ==> same
        SELECT pg_read_file('/etc/passwd') AS x                                  ==> rejected
        SELECT x FROM ROWS FROM (pg_read_file('/etc/passwd')) AS t(x)            ==> rejected
        SELECT * FROM pg_read_file('/etc/passwd') WITH ORDINALITY                ==> rejected
        SELECT * FROM LATERAL pg_ls_dir('.') AS t                                ==> rejected
        SELECT * FROM XMLTABLE('/a' PASSING pg_read_file('x')::xml COLUMNS a text) ==> rejected
        SELECT * FROM JSON_TABLE(pg_read_file('x')::jsonb, '$' COLUMNS (a text)) ==> rejected
        SELECT JSON_OBJECT('a' VALUE pg_read_file('x'))                          ==> rejected
        SELECT JSON_ARRAYAGG(pg_read_file('x'))                                  ==> rejected
        SELECT XMLELEMENT(NAME a, pg_read_file('x'))                             ==> rejected
        SELECT XMLFOREST(pg_read_file('x') AS a)                                 ==> rejected
        SELECT CAST(pg_read_file('x') AS text)                                   ==> rejected
        SELECT pg_read_file('x')::text::jsonb -> 'a'                             ==> rejected
        SELECT EXTRACT(YEAR FROM pg_read_file('x')::date)                        ==> rejected
        SELECT SUBSTRING(pg_read_file('x') FROM 1 FOR 2)                         ==> rejected
        SELECT POSITION('a' IN pg_read_file('x'))                                ==> rejected
        SELECT OVERLAY(pg_read_file('x') PLACING 'a' FROM 1)                     ==> rejected
        SELECT TRIM(BOTH 'a' FROM pg_read_file('x'))                             ==> rejected
        SELECT pg_read_file('x') IS DOCUMENT                                     ==> rejected
        SELECT pg_read_file('x') IS JSON                                         ==> rejected
        SELECT 1 AT TIME ZONE pg_read_file('x')                                  ==> rejected
        SELECT now() AT TIME ZONE pg_read_file('x')                              ==> rejected
        SELECT count(*) FILTER (WHERE pg_read_file('x') = '') FROM orders        ==> rejected
        SELECT string_agg(note, ',' ORDER BY pg_read_file('x')) FROM orders      ==> rejected
        SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY pg_sleep(1)::int) FROM orders ==> rejected
        SELECT sum(id) OVER (PARTITION BY pg_sleep(1)) FROM orders               ==> rejected
        SELECT sum(id) OVER w FROM orders WINDOW w AS (ORDER BY pg_sleep(1))     ==> rejected
        SELECT id FROM orders GROUP BY GROUPING SETS ((pg_sleep(1)))             ==> rejected
        SELECT id FROM orders TABLESAMPLE SYSTEM (pg_sleep(1)::int)              ==> rejected
        SELECT id FROM orders TABLESAMPLE BERNOULLI (10) REPEATABLE (pg_sleep(1)::int) ==> rejected
        SELECT ARRAY(SELECT pg_sleep(1))                                         ==> rejected
        SELECT (SELECT pg_sleep(1))                                              ==> rejected
        SELECT CASE WHEN true THEN pg_sleep(1) END                               ==> rejected
        SELECT DISTINCT ON (pg_sleep(1)) id FROM orders                          ==> rejected
        SELECT id FROM orders ORDER BY pg_sleep(1) USING <                       ==> rejected
        SELECT id FROM orders LIMIT (SELECT pg_sleep(1)::int)                    ==> rejected
        SELECT id FROM orders OFFSET pg_sleep(1)::int                            ==> rejected
        SELECT id FROM orders FETCH FIRST (pg_sleep(1)::int) ROWS ONLY           ==> rejected
        VALUES (pg_sleep(1))                                                     ==> rejected
        TABLE pg_authid                                                          ==> rejected
        SELECT * FROM ONLY secrets                                               ==> rejected
        SELECT * FROM secrets*                                                   ==> rejected
        SELECT row_to_json(s) FROM secrets s                                     ==> rejected
        SELECT (SELECT s FROM secrets s LIMIT 1)                                 ==> rejected
        WITH RECURSIVE r AS (SELECT 1 UNION SELECT pg_sleep(1)::int FROM r) SELECT * FROM r ==> rejected
        SELECT * FROM orders o JOIN LATERAL (SELECT pg_sleep(1)) x ON true       ==> rejected
        SELECT * FROM orders WHERE (id, note) IN (SELECT id, pg_read_file('x') FROM orders) ==> rejected
        SELECT id FROM orders WHERE id = ANY (SELECT pg_sleep(1)::int)           ==> rejected
        SELECT id FROM orders WHERE EXISTS (SELECT FROM secrets)                 ==> rejected
        SELECT * FROM unnest(ARRAY[1]) AS u(x), pg_ls_dir('.') d                 ==> rejected
        SELECT * FROM (VALUES (1)) v(x) CROSS JOIN pg_ls_dir('.')                ==> rejected
        SELECT xmlagg(query_to_xml('select 1', true, true, ''))                  ==> rejected
        SELECT 'x' ~ pg_read_file('x')                                           ==> rejected
        SELECT 'x' SIMILAR TO pg_read_file('x')                                  ==> rejected
        SELECT 'x' LIKE pg_read_file('x') ESCAPE '!'                             ==> rejected
        SELECT 1 BETWEEN SYMMETRIC pg_sleep(1)::int AND 2                        ==> rejected
        SELECT NULLIF(pg_sleep(1), NULL)                                         ==> rejected
        SELECT GREATEST(pg_sleep(1)::text, 'a')                                  ==> rejected
        SELECT COALESCE(pg_read_file('x'), '')                                   ==> rejected
        SELECT ROW(pg_sleep(1))                                                  ==> rejected
        SELECT (pg_read_file('x'), 1)                                            ==> rejected
        SELECT ARRAY[pg_read_file('x')][1]                                       ==> rejected
        SELECT (ARRAY[1,2])[pg_sleep(1)::int:2]                                  ==> rejected
        SELECT pg_read_file('x') IS NOT DISTINCT FROM 'a'                        ==> rejected
        SELECT 1 IN (pg_sleep(1)::int)                                           ==> rejected
        SELECT id FROM orders WHERE note @@ to_tsquery(pg_read_file('x'))        ==> rejected
        SELECT q'x' , pg_sleep(1) , 'y'                                          ==> rejected
        SELECT q'[' , pg_sleep(1) , ']'                                          ==> rejected
        SELECT Q'{' , pg_sleep(1) , '}'                                          ==> rejected
        SELECT r'x' , pg_sleep(1) , 'y'                                          ==> rejected
        SELECT _utf8'x' , pg_sleep(1) , 'y'                                      ==> rejected
        SELECT a[pg_sleep(1)::int] FROM orders                                   ==> rejected
        SELECT [pg_sleep(1)]                                                     ==> rejected
        SELECT x := pg_sleep(1)                                                  ==> rejected
        SELECT 1 FROM orders o, orders p WHERE o.id = p.id (+)                   ==> same
        SELECT 1 FROM orders WHERE id = 1 -- x⏎ OR pg_sleep(1) IS NULL           ==> rejected
        SELECT 1 FROM orders WHERE id = 1 /* x */ OR pg_sleep(1) IS NULL         ==> rejected
        SELECT 1 FROM orders WHERE id = 1 # x⏎ OR pg_sleep(1) IS NULL            ==> rejected
        SELECT 1 FROM orders WHERE id = 1 ## x⏎ OR pg_sleep(1) IS NULL           ==> rejected
        SELECT 1 FROM orders WHERE note = :'x' , pg_sleep(1) , 'y'               ==> rejected
        SELECT 1 FROM orders WHERE note = :"x"                                   ==> same
        SELECT 1 FROM orders WHERE note = ?                                      ==> same
        SELECT 1 FROM orders WHERE note ?? 'a'                                   ==> rejected
        SELECT 1 FROM orders WHERE note = &x                                     ==> same
        SELECT 1 FROM orders WHERE note = %s                                     ==> rejected
        SELECT 1 FROM orders WHERE note = @x                                     ==> same
        SELECT "a\\" , pg_sleep(1) AS "x" FROM orders                             ==> rejected
        SELECT "a\\" , pg_sleep(1) , "b\\" FROM orders                             ==> rejected
        SELECT 1 AS "a\\", pg_sleep(1) AS "b"                                     ==> rejected
        SELECT "a"" , pg_sleep(1) , ""b" FROM orders                             ==> same
        SELECT 1 AS "x", pg_sleep(1) AS "y"                                      ==> rejected
        SELECT 'a' AS "--", pg_sleep(1)                                          ==> rejected
        SELECT 1 AS "/*", pg_sleep(1) AS "*/"                                    ==> rejected
        SELECT 1 AS "'", pg_sleep(1) AS "'"                                      ==> rejected
        SELECT 1 AS "$$", pg_sleep(1) AS "$$"                                    ==> rejected
        SELECT U&"\\0022" , pg_sleep(1) AS "x"                                    ==> rejected
        SELECT 1 AS "x" "y"                                                      ==> rejected
        """)
    void hiddenCallsInEveryPositionAreRejected(String sql, String expect) {
        aSharedApprovalNeverGivesBWhatAFreshCheckWouldNot("position", "SELECT 1", sql.trim(), expect.trim());
    }

    /**
     * Randomised form of the list-shift attack: two queries whose shortened literal lists hold a
     * different number of literals in the same number of characters (so their parser inputs are
     * equal and their token lists are not), with decoy literals around and a LIMIT after.
     */
    @Test
    void literalListsOfEveryLengthNeverMoveTheRowCap() {
        Random random = new Random(20261121L);
        int shared = 0;
        try (PolicyEngine sharing = engine(true); PolicyEngine fresh = engine(false)) {
            for (int round = 0; round < 300; round++) {
                int n = 8 + random.nextInt(12);
                int m = 8 + random.nextInt(12);
                List<String> first = numbers(random, n);
                List<String> second = sameWidth(random, first, m);
                if (second == null) {
                    continue;
                }
                String prefix = "SELECT id FROM orders WHERE id = " + random.nextInt(20_000) + " OR id IN (";
                String suffix = ") OR id > " + random.nextInt(20_000) + (random.nextBoolean() ? " LIMIT " : " FETCH FIRST ");
                String a = prefix + String.join(", ", first) + suffix + (1 + random.nextInt(MAX_ROWS))
                        + (suffix.endsWith("FIRST ") ? " ROWS ONLY" : "");
                long limit = random.nextBoolean() ? 1 + random.nextInt(MAX_ROWS) : MAX_ROWS + 1L + random.nextInt(1_000_000);
                String b = prefix + String.join(", ", second) + suffix + limit + (suffix.endsWith("FIRST ") ? " ROWS ONLY" : "");
                assertThat(evaluate(sharing, ID, a)).isInstanceOf(Decision.Allowed.class);
                long before = pool.parses();
                Decision viaShared = evaluate(sharing, ID, b);
                shared += pool.parses() == before ? 1 : 0;
                assertThat(describe(viaShared)).as("%s%nthen%n%s", a, b).isEqualTo(describe(evaluate(fresh, ID, b)));
                ApprovedQuery q = ((Decision.Allowed) viaShared).query();
                assertThat(q.clampedByRewrite()).as(b).isEqualTo(limit > MAX_ROWS);
                if (limit > MAX_ROWS) {
                    assertThat(q.sql()).as(b).doesNotContain(suffix.substring(suffix.lastIndexOf(' ', suffix.length() - 2)) + limit);
                }
            }
        }
        assertThat(shared).as("pairs approved without a parse").isGreaterThan(100);
    }

    private static List<String> numbers(Random random, int count) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(Integer.toString(1 + random.nextInt(99_999)));
        }
        return out;
    }

    /**
     * {@code count} numbers whose list, from the third on, is as long in characters as
     * {@code like}'s; null when that cannot be done.
     */
    private static @Nullable List<String> sameWidth(Random random, List<String> like, int count) {
        int width = 0;
        for (int i = 2; i < like.size(); i++) {
            width += like.get(i).length() + 2; // ", " before each
        }
        int digits = width - 2 * (count - 2);
        if (digits < count - 2 || digits > 5 * (count - 2)) {
            return null;
        }
        List<String> out = new ArrayList<>(like.subList(0, 2));
        int left = digits;
        for (int i = 2; i < count; i++) {
            int remaining = count - 1 - i;
            int min = Math.max(1, left - 5 * remaining);
            int max = Math.min(5, left - remaining);
            int len = min + random.nextInt(max - min + 1);
            StringBuilder s = new StringBuilder().append((char) ('1' + random.nextInt(9)));
            while (s.length() < len) {
                s.append((char) ('0' + random.nextInt(10)));
            }
            out.add(s.toString());
            left -= len;
        }
        return out;
    }

    /**
     * PostgreSQL truncates identifiers to 63 bytes (checked on PostgreSQL 17: a 66-character name
     * reads the table created under its first 63), so a deny rule on a 63-byte table name cannot
     * be dodged by writing a longer name, quoted or not.
     */
    @Test
    void identifiersAreCheckedAsPostgresqlTruncatesThem() {
        String table = "customer_payment_cards_with_full_numbers_and_security_codes_arc"; // 63 bytes
        assertThat(table).hasSize(63);
        try (PolicyEngine engine = PolicyEngine.builder().resource(ResourcePolicy.builder(ID, "postgres")
                .tablesDeny(List.of("public." + table)).build()).build()) {
            for (String sql : List.of("SELECT * FROM " + table, "SELECT * FROM " + table + "hive",
                    "SELECT * FROM public." + table.toUpperCase(java.util.Locale.ROOT) + "HIVE_2024",
                    "SELECT * FROM \"" + table + "hive\"", "SELECT 1 FROM orders WHERE EXISTS (SELECT 1 FROM " + table + "xyz)")) {
                Decision d = engine.evaluate(PolicyRequest.sql(ID, "query", sql, List.of()));
                assertThat(d).as(sql).isInstanceOf(Decision.Rejected.class);
                assertThat(((Decision.Rejected) d).detail()).as(sql).startsWith("table not permitted: ").contains(table);
            }
            String multibyte = "é".repeat(40); // 80 bytes: PostgreSQL keeps the first 31 characters (62 bytes)
            try (PolicyEngine strict = PolicyEngine.builder().resource(ResourcePolicy.builder(ID, "postgres")
                    .tablesDeny(List.of("é".repeat(31))).build()).build()) {
                assertThat(strict.evaluate(PolicyRequest.sql(ID, "query", "SELECT * FROM \"" + multibyte + "\"", List.of())))
                        .isInstanceOf(Decision.Rejected.class);
            }
            assertThat(engine.evaluate(PolicyRequest.sql(ID, "query", "SELECT * FROM " + table.substring(0, 62), List.of())))
                    .isInstanceOf(Decision.Allowed.class);
        }
    }

    /** An approval on one resource is never used on another (the key holds the resource id). */
    @Test
    void anApprovalOnOneResourceIsNotSharedWithAnother() {
        try (PolicyEngine engine = engine(true)) {
            assertThat(evaluate(engine, ID, "SELECT id FROM orders WHERE id = 1 LIMIT 5")).isInstanceOf(Decision.Allowed.class);
            Decision strict = evaluate(engine, STRICT, "SELECT id FROM orders WHERE id = 2 LIMIT 5");
            assertThat(strict).isInstanceOf(Decision.Rejected.class);
            assertThat(((Decision.Rejected) strict).detail()).isEqualTo("table not permitted: orders");
            // and the other way round, with the stricter cap applied to the query's own value
            assertThat(describe(evaluate(engine, STRICT, "SELECT id FROM customers LIMIT 5"))).endsWith("false [] SELECT id FROM customers LIMIT 5");
            assertThat(describe(evaluate(engine, ID, "SELECT id FROM customers LIMIT 50"))).endsWith("false [] SELECT id FROM customers LIMIT 50");
            assertThat(describe(evaluate(engine, STRICT, "SELECT id FROM customers LIMIT 50"))).endsWith("true [] SELECT id FROM customers LIMIT 11");
        }
    }

    /** The parameter count comes from the query's own text, and a wrong count is never shared away. */
    @Test
    void parameterCountsAreCheckedOnEveryRequest() {
        try (PolicyEngine engine = engine(true)) {
            assertThat(engine.evaluate(PolicyRequest.sql(ID, "query", "SELECT id FROM orders WHERE id = $1 AND note = 'a'", List.of(1))))
                    .isInstanceOf(Decision.Allowed.class);
            Decision tooMany = engine.evaluate(PolicyRequest.sql(ID, "query", "SELECT id FROM orders WHERE id = $1 AND note = 'b'", List.of(1, 2)));
            assertThat(((Decision.Rejected) tooMany).reason()).isEqualTo(RejectReason.INVALID_INPUT);
            Decision none = engine.evaluate(PolicyRequest.sql(ID, "query", "SELECT id FROM orders WHERE id = $1 AND note = 'c'", List.of()));
            assertThat(((Decision.Rejected) none).reason()).isEqualTo(RejectReason.INVALID_INPUT);
        }
    }

    /**
     * Rejections name no literal: a parse error's token is a keyword or identifier, never a
     * number or string of the query, and its position points into the query as written.
     */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
        SELECT 4111111111111111 4222222222222222 FROM orders              | 4111111111111111,4222222222222222,1,2 | line 1, column 25
        SELECT id FROM orders WHERE id = 31337 31338                      | 31337,31338                          | line 1, column 40
        SELECT 'hunter2-secret' AS x, 'other' FROM FROM orders            | hunter2,other                        | line 1, column 39
        SELECT $tag$hunter2$tag$ AS x, 99999 FROM FROM orders             | hunter2,99999                        | line 1, column 38
        SELECT E'hunter2\\'s' AS x,⏎  4242 FROM FROM orders               | hunter2,4242                         | line 2, column 8
        SELECT 'multi⏎line hunter2⏎string' AS x, 1 FROM FROM orders       | hunter2                              | line 3, column 17
        SELECT⇥'hunter2',⇥12345 FROM FROM orders                          | hunter2,12345                        | line 1, column 25
        SELECT 'hunter2',␍⏎ 2 FROM FROM orders                            | hunter2                              | line 2, column 4
        SELECT id FROM orders LIMIT 5000 5000                             | 5000                                 | line 1, column 34
        SELECT id FROM orders WHERE id IN (11111, 22222, 33333, 44444, 55555, 66666, 77777, 88888) 99999 | 11111,22222,33333,99999 | line 1, column 92
        """)
    void rejectionDetailsQuoteNoLiteralAndPointIntoTheQuery(String sql, String literals, String position) {
        try (PolicyEngine engine = engine(true)) {
            String query = unescape(sql);
            for (int round = 0; round < 2; round++) { // a fresh check, then the cached verdict
                Decision d = evaluate(engine, ID, query);
                assertThat(d).isInstanceOf(Decision.Rejected.class);
                String detail = ((Decision.Rejected) d).detail();
                assertThat(detail).as(query).endsWith(position.trim());
                for (String literal : literals.split(",")) {
                    assertThat(detail.replace(position.trim(), "")).as(query).doesNotContain(literal.trim());
                }
            }
        }
    }
}

package dev.relay.policy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.policy.corpus.Corpus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.ParseException;
import net.sf.jsqlparser.statement.Statements;
import org.junit.jupiter.api.Test;

class BoundedParserTest {

    static String orChain(int terms) {
        StringBuilder b = new StringBuilder("SELECT * FROM t WHERE a = 0");
        for (int i = 1; i < terms; i++) {
            b.append(" OR a = ").append(i);
        }
        return b.toString();
    }

    @Test
    void parsesOrdinarySql() {
        try (BoundedParser parser = new BoundedParser(1, 4)) {
            BoundedParser.Outcome o = parser.parse("SELECT a FROM t WHERE b = 1", Duration.ofSeconds(1), 10, 0);
            assertThat(o.statements()).isNotNull();
            assertThat(o.failure()).isNull();
        }
    }

    @Test
    void deadlineAnswersPromptlyAndTheParserThreadStopsBurningCpu() throws InterruptedException {
        try (BoundedParser parser = new BoundedParser(1, 4)) {
            long start = System.nanoTime();
            BoundedParser.Outcome o = parser.parse(orChain(40_000), Duration.ofMillis(100), 10, 0);
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(o.timedOut()).isTrue();
            assertThat(o.failure()).contains("too long to parse");
            assertThat(tookMs).isLessThan(900);
            // the parser checks its 'interrupted' flag: the worker leaves JSqlParser soon after the deadline
            long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (parser.runningParses() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(parser.runningParses()).as("parser threads still inside JSqlParser").isZero();
            // and the pool is usable again at once
            assertThat(parser.parse("SELECT 1", Duration.ofSeconds(1), 10, 0).statements()).isNotNull();
        }
    }

    @Test
    void aFullQueueIsABusyAnswerNotABlockedCaller() throws InterruptedException {
        try (BoundedParser parser = new BoundedParser(1, 1)) {
            Thread a = new Thread(() -> parser.parse(orChain(40_000), Duration.ofMillis(300), 10, 0));
            Thread b = new Thread(() -> parser.parse(orChain(40_000), Duration.ofMillis(300), 10, 0));
            a.start();
            b.start();
            Thread.sleep(50);
            BoundedParser.Outcome o = parser.parse("SELECT 1", Duration.ofMillis(300), 10, 0);
            a.join();
            b.join();
            assertThat(o.statements() != null || o.failure() != null).isTrue();
        }
    }

    @Test
    void parseErrorsNameAPositionNotALiteral() {
        try (BoundedParser parser = new BoundedParser(1, 4)) {
            BoundedParser.Outcome o = parser.parse("SELECT FROM WHERE 12345678", Duration.ofSeconds(1), 10, 0);
            assertThat(o.failure()).startsWith("query could not be parsed").doesNotContain("12345678");
        }
    }

    /** Everything inline (limits out of reach), so slow inputs run on the caller's thread under the watchdog. */
    static BoundedParser alwaysInline() {
        return new BoundedParser(1, 4, Integer.MAX_VALUE, Integer.MAX_VALUE);
    }

    /** Nothing inline: every parse is handed to the pool. */
    static BoundedParser neverInline() {
        return new BoundedParser(1, 4, 0, -1);
    }

    @Test
    void smallShallowInputsParseInlineDeepOrLongOnesOnThePool() {
        try (BoundedParser parser = new BoundedParser(1, 4)) {
            assertThat(parser.parsesInline(300, 3)).isTrue();
            assertThat(parser.parsesInline(BoundedParser.DEFAULT_INLINE_MAX_CHARS, BoundedParser.DEFAULT_INLINE_MAX_DEPTH)).isTrue();
            assertThat(parser.parsesInline(BoundedParser.DEFAULT_INLINE_MAX_CHARS + 1, 0)).isFalse();
            assertThat(parser.parsesInline(10, BoundedParser.DEFAULT_INLINE_MAX_DEPTH + 1)).isFalse();
        }
    }

    @Test
    void shallowInputsNeverReachThePoolDeepOnesDo() {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(4));
        try (BoundedParser parser = new BoundedParser(pool)) {
            BoundedParser.Outcome o = parser.parse("SELECT a FROM t WHERE b = 1", Duration.ofSeconds(1), 10, 0);
            assertThat(o.statements()).isNotNull();
            assertThat(o.verdict()).isTrue();
            assertThat(pool.getTaskCount()).as("tasks handed to the pool").isZero();
            String deep = "SELECT " + "(".repeat(12) + "a" + ")".repeat(12) + " FROM t";
            assertThat(parser.parse(deep, Duration.ofSeconds(1), 10, 12).statements()).isNotNull();
            assertThat(pool.getTaskCount()).isEqualTo(1);
            assertThat(parser.parse(orChain(500), Duration.ofSeconds(1), 10, 0).statements()).isNotNull();
            assertThat(pool.getTaskCount()).as("a long input goes to the pool").isEqualTo(2);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theWatchdogStopsAnInlineParseByItsDeadline() {
        try (BoundedParser parser = alwaysInline()) {
            long start = System.nanoTime();
            BoundedParser.Outcome o = parser.parse(orChain(40_000), Duration.ofMillis(100), 10, 0);
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(o.timedOut()).isTrue();
            assertThat(o.verdict()).as("a deadline is never a verdict").isFalse();
            assertThat(o.failure()).contains("too long to parse");
            // inline, the answer comes when the parser has left JSqlParser: nothing is left running
            assertThat(tookMs).isLessThan(900);
            assertThat(parser.runningParses()).isZero();
            assertThat(parser.parse("SELECT 1", Duration.ofSeconds(1), 10, 0).statements()).isNotNull();
        }
    }

    @Test
    void theWatchdogWakesFromIdleForTheNextInlineParse() throws InterruptedException {
        try (BoundedParser parser = alwaysInline()) {
            assertThat(parser.parse("SELECT 1", Duration.ofSeconds(1), 10, 0).statements()).isNotNull();
            // long enough for the watchdog to park without a timeout
            Thread.sleep(BoundedParser.WATCHDOG_IDLE_AFTER_NANOS / 1_000_000 + 300);
            long start = System.nanoTime();
            BoundedParser.Outcome o = parser.parse(orChain(40_000), Duration.ofMillis(100), 10, 0);
            assertThat(o.timedOut()).isTrue();
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(900);
        }
    }

    @Test
    void inlineParsesAfterCloseAreRefusedNotUnwatched() {
        BoundedParser parser = alwaysInline();
        parser.close();
        BoundedParser.Outcome o = parser.parse("SELECT 1", Duration.ofSeconds(1), 10, 0);
        assertThat(o.statements()).isNull();
        assertThat(o.verdict()).isFalse();
    }

    @Test
    void inlineAndPooledParsesGiveTheSameOutcomeOnEveryCorpusQuery() {
        List<Corpus.Entry> entries = new ArrayList<>();
        entries.addAll(Corpus.load("postgres-benign.sql"));
        entries.addAll(Corpus.load("postgres-malicious.sql"));
        entries.addAll(Corpus.load("postgres-parser-limitations.sql"));
        try (BoundedParser inline = alwaysInline(); BoundedParser pooled = neverInline()) {
            for (Corpus.Entry e : entries) {
                PgLexer.Result lexed = PgLexer.lex(e.sql());
                if (lexed.masked().isBlank()) {
                    continue;
                }
                int depth = Math.max(lexed.maxDepth(), lexed.maxCaseDepth());
                BoundedParser.Outcome a = inline.parse(lexed.masked(), Duration.ofSeconds(5), 10, depth);
                BoundedParser.Outcome b = pooled.parse(lexed.masked(), Duration.ofSeconds(5), 10, depth);
                assertThat(a.failure()).as(e.toString()).isEqualTo(b.failure());
                assertThat(a.verdict()).as(e.toString()).isEqualTo(b.verdict());
                assertThat(String.valueOf(a.statements())).as(e.toString()).isEqualTo(String.valueOf(b.statements()));
            }
        }
    }

    @Test
    void theCheapParseErrorPointsAtTheSameTokenAsJSqlParsersOwn() {
        String[] bad = {"SELECT FROM WHERE 12345678", "SELECT a FROM t WHERE", "SELECT ((a + )) FROM t", "SELECT a b c FROM t",
            "SELECT * FROM t WHERE a IN (SELECT b FROM u", "WITH x AS (SELECT 1) SELECT * FROM x x x", "SELECT 1 UNION",
            "SELECT a FROM t ORDER BY", "SELECT CASE WHEN a THEN b FROM t", "VALUES (1, 2", "TABLE"};
        for (String sql : bad) {
            ParseException ours = null;
            ParseException theirs = null;
            try {
                new BoundedParser.Parser(sql).withAllowComplexParsing(false).Statements();
            } catch (ParseException e) {
                ours = e;
            }
            try {
                CCJSqlParserUtil.newParser(sql).withAllowComplexParsing(false).Statements();
            } catch (ParseException e) {
                theirs = e;
            }
            assertThat(ours).as(sql).isNotNull();
            assertThat(theirs).as(sql).isNotNull();
            assertThat(BoundedParser.describe(ours)).as(sql).isEqualTo(BoundedParser.describe(theirs));
            assertThat(ours.getStackTrace()).isEmpty();
        }
    }

    @Test
    void theCheapParseErrorChangesNoSuccessfulParse() throws ParseException {
        for (Corpus.Entry e : Corpus.load("postgres-benign.sql")) {
            String masked = PgLexer.lex(e.sql()).masked();
            Statements ours = new BoundedParser.Parser(masked).withAllowComplexParsing(true).Statements();
            Statements theirs = CCJSqlParserUtil.newParser(masked).withAllowComplexParsing(true).Statements();
            assertThat(ours.toString()).as(e.toString()).isEqualTo(theirs.toString());
        }
    }

    @Test
    void aSyntaxErrorNestedSixDeepIsAnsweredWithinTheComplexRetryBudgetOnBothPaths() {
        // invalid, so the complex-mode retry runs; unbounded it takes seconds at this depth
        String sql = "SELECT " + "(".repeat(6) + "a + " + ")".repeat(6) + " FROM t";
        try (BoundedParser inline = alwaysInline(); BoundedParser pooled = neverInline()) {
            for (BoundedParser parser : List.of(inline, pooled)) {
                long start = System.nanoTime();
                BoundedParser.Outcome o = parser.parse(sql, Duration.ofSeconds(1), 10, 6);
                long tookMs = (System.nanoTime() - start) / 1_000_000;
                assertThat(o.statements()).isNull();
                // the detail says the query was not judged (a retry may succeed), with the fast parse's finding
                assertThat(o.failure()).startsWith("query took too long to parse (the fast parse failed: unexpected ")
                        .endsWith("; the slower retry ran out of time)");
                assertThat(o.verdict()).as("a retry cut short is not a verdict").isFalse();
                assertThat(tookMs).isLessThan(700);
            }
        }
    }

    @Test
    void queriesThatNeedComplexModeStillParse() {
        try (BoundedParser parser = new BoundedParser(1, 4)) {
            for (String sql : List.of("SELECT substring(message FROM 'x') FROM error_logs",
                    "SELECT position('@' IN email) FROM customers")) {
                PgLexer.Result lexed = PgLexer.lex(sql);
                BoundedParser.Outcome o = parser.parse(lexed.masked(), Duration.ofSeconds(1), 10, lexed.maxDepth());
                assertThat(o.statements()).as(sql).isNotNull();
            }
        }
    }
}

package dev.relay.benchmarks.policy;

import dev.relay.policy.internal.BoundedParser;
import dev.relay.policy.internal.PgLexer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * Our parse path (PostgreSQL lexer + JSqlParser with a deadline: inline on the calling thread under
 * the watchdog for small, shallow queries, otherwise on the engine's long-lived bounded pool;
 * {@code oursPoolOnly} is the same path with every parse handed to the pool, as before) against the convenience method {@code CCJSqlParserUtil.parse(String)} (a new thread
 * pool per call, and a retry in "complex" mode after a failure), over the same benign queries in
 * the same run. The convenience method also logs two INFO lines per call through
 * java.util.logging; {@code jsqlparserLogLevel=WARNING} switches that off (the fair comparison of
 * the parse paths), {@code INFO} is the library's default as shipped.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ParsePathBenchmark {

    @Param(BenignCorpus.DEFAULT_PATH)
    public String corpus;

    @Param({"WARNING", "INFO"})
    public String jsqlparserLogLevel;

    private BoundedParser parser;
    private BoundedParser poolOnly;
    private List<String> queries;
    private int next;

    @Setup
    public void setUp() {
        Logger.getLogger(CCJSqlParserUtil.class.getName()).setLevel(Level.parse(jsqlparserLogLevel));
        parser = new BoundedParser(2, 64);
        poolOnly = new BoundedParser(2, 64, 0, -1);
        queries = BenignCorpus.load(corpus);
    }

    @TearDown
    public void tearDown() {
        parser.close();
        poolOnly.close();
    }

    private String nextQuery() {
        String q = queries.get(next);
        next = next + 1 == queries.size() ? 0 : next + 1;
        return q;
    }

    @Benchmark
    public Object ours() {
        PgLexer.Result lexed = PgLexer.lex(nextQuery());
        // as SqlValidator calls it: the depth decides whether the parse runs inline or on the pool
        return parser.parse(lexed.masked(), Duration.ofSeconds(1), 10, Math.max(lexed.maxDepth(), lexed.maxCaseDepth()));
    }

    /** Our path as it was before inline parsing: every parse handed to the pool (for the before/after ratio). */
    @Benchmark
    public Object oursPoolOnly() {
        PgLexer.Result lexed = PgLexer.lex(nextQuery());
        return poolOnly.parse(lexed.masked(), Duration.ofSeconds(1), 10, Math.max(lexed.maxDepth(), lexed.maxCaseDepth()));
    }

    @Benchmark
    public Object convenienceMethod() {
        try {
            return CCJSqlParserUtil.parse(nextQuery());
        } catch (JSQLParserException e) {
            return e;
        }
    }
}

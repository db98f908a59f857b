package dev.relay.policy.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.ParseException;
import net.sf.jsqlparser.parser.Token;
import net.sf.jsqlparser.statement.Statements;
import org.jspecify.annotations.Nullable;

/**
 * Runs JSqlParser on a long-lived, bounded pool of parser threads with a hard deadline.
 *
 * <p>Why not {@code CCJSqlParserUtil.parse(String)}: it creates (and shuts down) a new thread
 * pool on every call, and it retries with "complex parsing" after a failure. Here one pool lives
 * as long as the engine; the caller blocks until the answer or the deadline. When the deadline
 * passes the parser's {@code interrupted} flag is set (JSqlParser checks it in the look-ahead
 * productions where nested CASE/parentheses explode) and the thread is interrupted, so the parser
 * thread stops within milliseconds instead of burning CPU for minutes.
 *
 * <p>{@link #parse} blocks: never call it on an I/O event loop.
 */
public final class BoundedParser implements AutoCloseable {

    /**
     * The outcome: a statement list, or a reason to reject (never containing a literal).
     * {@code verdict} is true when the outcome depends on the text alone (a parse tree or a parse
     * error) and false when it depends on the moment: a deadline, a full queue, an interruption,
     * a stack overflow (the thread's stack size) — such a rejection must never be cached.
     */
    public record Outcome(@Nullable Statements statements, @Nullable String failure, boolean timedOut, boolean verdict) {
    }

    private final ExecutorService executor;
    private final boolean ownsExecutor;
    private final AtomicInteger running = new AtomicInteger();

    /** A pool of {@code threads} parser threads with a queue of {@code queueLength} waiting inputs. */
    public BoundedParser(int threads, int queueLength) {
        AtomicInteger counter = new AtomicInteger();
        ThreadFactory factory = r -> {
            // JSqlParser recurses deeply on nested input: give parser threads a generous stack
            Thread t = new Thread(null, r, "relay-policy-parser-" + counter.incrementAndGet(), 16L * 1024 * 1024);
            t.setDaemon(true);
            return t;
        };
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queueLength), factory, new ThreadPoolExecutor.AbortPolicy());
        pool.allowCoreThreadTimeOut(true);
        this.executor = pool;
        this.ownsExecutor = true;
    }

    /** Parses on an executor owned by the caller (not shut down by {@link #close()}). */
    public BoundedParser(ExecutorService executor) {
        this.executor = Objects.requireNonNull(executor, "executor");
        this.ownsExecutor = false;
    }

    /** Parser threads currently inside JSqlParser (for tests: must drop to 0 soon after a deadline). */
    public int runningParses() {
        return running.get();
    }

    /**
     * Parses {@code sql} as PostgreSQL within {@code deadline}: first JSqlParser's fast "simple"
     * mode, then, for shallow inputs only, its "complex" mode, both inside the same deadline.
     */
    public Outcome parse(String sql, Duration deadline, int complexRetryMaxDepth, int depth) {
        long deadlineNanos = System.nanoTime() + deadline.toNanos();
        Outcome simple = attempt(sql, false, deadlineNanos);
        if (simple.statements() != null || simple.timedOut() || depth > complexRetryMaxDepth) {
            return simple;
        }
        Outcome complex = attempt(sql, true, deadlineNanos);
        if (complex.statements() != null || complex.verdict()) {
            return complex.statements() != null ? complex : simple;
        }
        // the complex attempt ran out of time (or the pool was busy): the rejection is not about the text
        return new Outcome(null, simple.failure(), complex.timedOut(), false);
    }

    private Outcome attempt(String sql, boolean complex, long deadlineNanos) {
        long remaining = deadlineNanos - System.nanoTime();
        if (remaining <= 0) {
            return new Outcome(null, "query took too long to parse", true, false);
        }
        CCJSqlParser parser = CCJSqlParserUtil.newParser(sql).withAllowComplexParsing(complex);
        Future<Statements> future;
        try {
            future = executor.submit(() -> {
                running.incrementAndGet();
                try {
                    return parser.Statements();
                } finally {
                    running.decrementAndGet();
                }
            });
        } catch (RejectedExecutionException e) {
            return new Outcome(null, "policy engine is busy: too many queries waiting to be parsed", false, false);
        }
        try {
            return new Outcome(Objects.requireNonNull(future.get(remaining, TimeUnit.NANOSECONDS)), null, false, true);
        } catch (TimeoutException e) {
            parser.interrupted = true;
            future.cancel(true);
            return new Outcome(null, "query took too long to parse (pathological nesting?)", true, false);
        } catch (InterruptedException e) {
            parser.interrupted = true;
            future.cancel(true);
            Thread.currentThread().interrupt();
            return new Outcome(null, "interrupted while parsing", true, false);
        } catch (CancellationException e) {
            return new Outcome(null, "parse cancelled", true, false);
        } catch (ExecutionException e) {
            // a parse error is a verdict about the text; a VirtualMachineError (stack, memory) is not
            return new Outcome(null, describe(e.getCause()), false, !(e.getCause() instanceof VirtualMachineError));
        }
    }

    /** A parser error, described by position and token kind; never the token's literal text. */
    static String describe(@Nullable Throwable cause) {
        if (cause instanceof ParseException pe) {
            Token current = pe.currentToken;
            Token next = current == null ? null : current.next;
            if (next != null) {
                String image = next.image == null ? "" : next.image;
                String what = image.matches("[A-Za-z_][A-Za-z_0-9]{0,40}") ? "'" + image + "'" : "token";
                if (next.kind == 0) {
                    what = "end of input";
                }
                return "query could not be parsed: unexpected " + what + " at line " + next.beginLine + ", column "
                        + next.beginColumn;
            }
            return "query could not be parsed";
        }
        if (cause instanceof StackOverflowError) {
            return "query is nested too deeply to parse";
        }
        return "query could not be parsed (" + (cause == null ? "unknown error" : cause.getClass().getSimpleName()) + ")";
    }

    @Override
    public void close() {
        if (ownsExecutor) {
            executor.shutdownNow();
        }
    }
}

package dev.relay.policy.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.ParseException;
import net.sf.jsqlparser.parser.StringProvider;
import net.sf.jsqlparser.parser.Token;
import net.sf.jsqlparser.statement.Statements;
import org.jspecify.annotations.Nullable;

/**
 * Runs JSqlParser with a hard deadline: small, shallow inputs inline on the calling thread under a
 * watchdog, everything else on a long-lived, bounded pool of big-stack parser threads.
 *
 * <p>Why not {@code CCJSqlParserUtil.parse(String)}: it creates (and shuts down) a new thread
 * pool on every call, and it retries with "complex parsing" after a failure.
 *
 * <p><b>Inline</b> (the common case): when the parser's copy of the query is at most
 * {@code inlineMaxChars} characters long and nests parentheses/brackets or CASE at most
 * {@code inlineMaxDepth} deep (facts the lexer measured before), and fewer than the pool's thread
 * count of parses are already running inline, JSqlParser runs on the caller's thread. No
 * hand-off, no context switch. The deadline is enforced by the engine's one watchdog thread,
 * which sets the parser's {@code interrupted} flag (JSqlParser checks it in the look-ahead
 * productions where nested CASE/parentheses and long boolean chains explode) on any inline parse
 * still running {@link #WATCHDOG_TICK_NANOS one tick} before its deadline; the parse then fails
 * fast, and an answer from a parse the watchdog touched is a timeout, never a verdict, even if
 * the parser returned a tree. The depth limit keeps the caller's stack safe: JSqlParser recurses
 * per nesting level, and inputs within the limits parse on a 128 KiB stack (the runtime's worker
 * threads have the JVM's default, 1 MiB on 64-bit Linux); a {@link StackOverflowError} would
 * still be caught and answered as "not a verdict". The limits also keep the inputs known to make
 * JSqlParser explode (CASE and parentheses nested 16+ deep, 1,000-term chains, 64 KB of
 * parentheses) on the pool.
 *
 * <p><b>On the pool</b> (deep or long inputs): the caller blocks until the answer or the
 * deadline; at the deadline the parser's {@code interrupted} flag is set and the thread is
 * interrupted, so the parser thread stops within milliseconds instead of burning CPU for minutes,
 * while the caller already has its answer.
 *
 * <p>Both paths run the same grammar in the same modes (simple first, then complex for shallow
 * inputs only, within a budget of its own: {@link #COMPLEX_RETRY_BUDGET_NANOS}), so which path
 * parsed a query never changes the verdict. {@link #parse} blocks either way: never call it on an
 * I/O event loop.
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

    /** Longest parser input (characters) parsed inline on the caller's thread by default. */
    public static final int DEFAULT_INLINE_MAX_CHARS = 4_000;
    /** Deepest nesting (parentheses/brackets or CASE, as the lexer measured it) parsed inline by default. */
    public static final int DEFAULT_INLINE_MAX_DEPTH = 6;
    /**
     * Longest the complex-mode retry may run after a failed simple-mode parse. Valid queries that
     * need complex mode (e.g. {@code substring(x FROM y)}) take well under a millisecond; invalid
     * input nested 5+ deep keeps complex mode busy for seconds. Running out of it is a timeout,
     * never a verdict.
     */
    public static final long COMPLEX_RETRY_BUDGET_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    /** How often the watchdog looks at the inline parses while there are any. */
    static final long WATCHDOG_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /** The watchdog parks without a timeout after this long without an inline parse. */
    static final long WATCHDOG_IDLE_AFTER_NANOS = TimeUnit.SECONDS.toNanos(1);

    private static final Outcome TIMED_OUT = new Outcome(null, "query took too long to parse (pathological nesting?)", true, false);

    private final ExecutorService executor;
    private final boolean ownsExecutor;
    private final int inlineMaxChars;
    private final int inlineMaxDepth;
    private final Watchdog watchdog;
    /**
     * At most this many inline parses at once (as many as pool threads): a flood of slow inputs
     * burns no more CPU inside JSqlParser than the pool alone allowed, plus the pool itself. A
     * parse that finds no slot goes to the pool.
     */
    private final Semaphore inlineSlots;
    private final AtomicInteger running = new AtomicInteger();

    /** A pool of {@code threads} parser threads with a queue of {@code queueLength} waiting inputs. */
    public BoundedParser(int threads, int queueLength) {
        this(threads, queueLength, DEFAULT_INLINE_MAX_CHARS, DEFAULT_INLINE_MAX_DEPTH);
    }

    /** As {@link #BoundedParser(int, int)} with other inline limits (0 chars: never inline, every parse on the pool). */
    public BoundedParser(int threads, int queueLength, int inlineMaxChars, int inlineMaxDepth) {
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
        this.inlineMaxChars = inlineMaxChars;
        this.inlineMaxDepth = inlineMaxDepth;
        this.inlineSlots = new Semaphore(threads);
        this.watchdog = new Watchdog();
    }

    /** Parses deep or long inputs on an executor owned by the caller (not shut down by {@link #close()}). */
    public BoundedParser(ExecutorService executor) {
        this(executor, DEFAULT_INLINE_MAX_CHARS, DEFAULT_INLINE_MAX_DEPTH);
    }

    /** As {@link #BoundedParser(ExecutorService)} with other inline limits (0 chars: never inline). */
    public BoundedParser(ExecutorService executor, int inlineMaxChars, int inlineMaxDepth) {
        this.executor = Objects.requireNonNull(executor, "executor");
        this.ownsExecutor = false;
        this.inlineMaxChars = inlineMaxChars;
        this.inlineMaxDepth = inlineMaxDepth;
        this.inlineSlots = new Semaphore(Math.max(2, Runtime.getRuntime().availableProcessors()));
        this.watchdog = new Watchdog();
    }

    /** Threads currently inside JSqlParser, inline or pooled (for tests: must drop to 0 soon after a deadline). */
    public int runningParses() {
        return running.get();
    }

    /** Whether an input of {@code length} characters nested {@code depth} deep is parsed on the caller's thread. */
    public boolean parsesInline(int length, int depth) {
        return length <= inlineMaxChars && depth <= inlineMaxDepth;
    }

    /**
     * Parses {@code sql} as PostgreSQL within {@code deadline}: first JSqlParser's fast "simple"
     * mode, then, for inputs nested at most {@code complexRetryMaxDepth} deep, its "complex" mode,
     * both inside the same deadline. {@code depth} is the deepest nesting of parentheses/brackets
     * or CASE the lexer measured; it also decides, with the length, whether the parse runs inline.
     */
    public Outcome parse(String sql, Duration deadline, int complexRetryMaxDepth, int depth) {
        long deadlineNanos = System.nanoTime() + deadline.toNanos();
        boolean inline = parsesInline(sql.length(), depth) && inlineSlots.tryAcquire();
        try {
            return parse(sql, deadlineNanos, complexRetryMaxDepth, depth, inline);
        } finally {
            if (inline) {
                inlineSlots.release();
            }
        }
    }

    private Outcome parse(String sql, long deadlineNanos, int complexRetryMaxDepth, int depth, boolean inline) {
        Outcome simple = attempt(sql, false, deadlineNanos, inline);
        if (simple.statements() != null || simple.timedOut() || depth > complexRetryMaxDepth) {
            return simple;
        }
        // complex mode is exponential in nesting on invalid input: a budget of its own, so a
        // 30-character syntax error nested 6 deep costs 200 ms of CPU, not the whole deadline
        long complexDeadline = Math.min(deadlineNanos, System.nanoTime() + COMPLEX_RETRY_BUDGET_NANOS);
        Outcome complex = attempt(sql, true, complexDeadline, inline);
        if (complex.statements() != null || complex.verdict()) {
            return complex.statements() != null ? complex : simple;
        }
        // the complex attempt ran out of time (or the pool was busy): the rejection is not about the
        // text, and its detail says so (the text may well be valid: retrying can succeed)
        if (!complex.timedOut()) {
            return new Outcome(null, complex.failure(), false, false);
        }
        String fast = simple.failure() == null ? "" : simple.failure().replaceFirst("^query could not be parsed: ", "");
        return new Outcome(null, "query took too long to parse (the fast parse failed: " + fast
                + "; the slower retry ran out of time)", true, false);
    }

    private Outcome attempt(String sql, boolean complex, long deadlineNanos, boolean inline) {
        long remaining = deadlineNanos - System.nanoTime();
        if (remaining <= 0) {
            return new Outcome(null, "query took too long to parse", true, false);
        }
        Parser parser = new Parser(sql);
        parser.withAllowComplexParsing(complex);
        return inline ? inline(parser, deadlineNanos, remaining) : pooled(parser, remaining);
    }

    private Outcome inline(Parser parser, long deadlineNanos, long remaining) {
        // fire up to one tick early: the watchdog looks once per tick, so the flag is set by the deadline
        Watch watch = watchdog.watch(parser, deadlineNanos - Math.min(WATCHDOG_TICK_NANOS, remaining / 2));
        if (watch == null) {
            return new Outcome(null, "policy engine is closed", false, false);
        }
        running.incrementAndGet();
        try {
            Statements statements = parser.Statements();
            return watch.fired ? TIMED_OUT : new Outcome(Objects.requireNonNull(statements), null, false, true);
        } catch (Exception | Error e) {
            if (watch.fired) {
                return TIMED_OUT;
            }
            // a parse error is a verdict about the text; a VirtualMachineError (stack, memory) is not
            return new Outcome(null, describe(e), false, !(e instanceof VirtualMachineError));
        } finally {
            running.decrementAndGet();
            watchdog.release(watch);
        }
    }

    private Outcome pooled(Parser parser, long remaining) {
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
            return TIMED_OUT;
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
                String what = image.matches("[A-Za-z_][A-Za-z_0-9]{0,40}") ? "\"" + image + "\"" : "token";
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
        watchdog.close();
        if (ownsExecutor) {
            executor.shutdownNow();
        }
    }

    /**
     * JSqlParser's parser with a cheap failure. When a parse fails, the generated parser builds
     * its exception by re-running every look-ahead from the failure point to list the tokens it
     * expected ({@code jj_rescan_token}): several times the cost of a whole successful parse, for
     * a list nobody reads here ({@link #describe} reports the position and the kind of the
     * offending token, never the expected ones). This subclass reports the same offending token
     * ({@code currentToken} is the last token consumed, as in the generated method) without the
     * rescan or a stack trace. Only the exception differs: the grammar, its modes and every
     * decision the parser takes are JSqlParser's own; the method runs only once the parse has
     * already failed (no production of JSqlParser 5.3 catches a {@code ParseException} to try
     * another alternative, and the two that catch one at all rethrow it unless unsupported
     * statements or error recovery are switched on, which they are not here).
     */
    static final class Parser extends CCJSqlParser {

        Parser(String sql) {
            super(new StringProvider(sql));
        }

        @Override
        public ParseException generateParseException() {
            ParseException e = new StacklessParseException();
            e.currentToken = token;
            return e;
        }
    }

    /** A parse failure without a stack trace (it never leaves the policy engine). */
    static final class StacklessParseException extends ParseException {
        private static final long serialVersionUID = 1L;

        StacklessParseException() {
            super("query could not be parsed");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    /** An inline parse the watchdog looks after. */
    static final class Watch {
        final CCJSqlParser parser;
        final long fireAtNanos;
        volatile boolean fired;

        Watch(CCJSqlParser parser, long fireAtNanos) {
            this.parser = parser;
            this.fireAtNanos = fireAtNanos;
        }

        void fire() {
            fired = true;
            parser.interrupted = true;
        }
    }

    /**
     * One daemon thread per engine, started with the first inline parse. While inline parses are
     * running (and for {@link #WATCHDOG_IDLE_AFTER_NANOS} after the last one) it wakes once per
     * {@link #WATCHDOG_TICK_NANOS tick} and fires every parse past its time; then it parks until the
     * next inline parse unparks it. A parse never waits for it: registering is a set insertion
     * (plus an unpark only when the watchdog sleeps), so the common case costs no context switch.
     */
    private static final class Watchdog implements Runnable {
        private final Set<Watch> active = ConcurrentHashMap.newKeySet();
        private final AtomicBoolean started = new AtomicBoolean();
        private volatile @Nullable Thread thread;
        private volatile boolean sleeping;
        private volatile boolean closed;

        @Nullable Watch watch(CCJSqlParser parser, long fireAtNanos) {
            if (closed) {
                return null;
            }
            Watch w = new Watch(parser, fireAtNanos);
            active.add(w);
            if (closed) {
                // close() may have looked at 'active' before this insertion: nobody would stop it
                w.fire();
            }
            if (!started.get() && started.compareAndSet(false, true)) {
                Thread t = new Thread(this, "relay-policy-parse-watchdog");
                t.setDaemon(true);
                thread = t;
                t.start();
            } else if (sleeping) {
                LockSupport.unpark(thread);
            }
            return w;
        }

        void release(Watch w) {
            active.remove(w);
        }

        void close() {
            closed = true;
            LockSupport.unpark(thread);
            // inline parses still running are stopped now: nobody would stop them later
            for (Watch w : active) {
                w.fire();
            }
        }

        @Override
        public void run() {
            long lastBusy = System.nanoTime();
            while (!closed) {
                long now = System.nanoTime();
                boolean any = false;
                for (Watch w : active) {
                    any = true;
                    if (now - w.fireAtNanos >= 0) {
                        w.fire();
                    }
                }
                if (any) {
                    lastBusy = now;
                }
                if (any || now - lastBusy < WATCHDOG_IDLE_AFTER_NANOS) {
                    LockSupport.parkNanos(this, WATCHDOG_TICK_NANOS);
                    continue;
                }
                // idle: sleep until watch() unparks us. 'sleeping' is written before 'active' is
                // read here and read after 'active' is written there, so one side sees the other.
                sleeping = true;
                if (active.isEmpty() && !closed) {
                    LockSupport.park(this);
                }
                sleeping = false;
                lastBusy = System.nanoTime();
            }
            for (Watch w : active) {
                w.fire();
            }
        }
    }
}

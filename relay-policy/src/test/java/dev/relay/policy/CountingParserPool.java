package dev.relay.policy;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A parser pool for {@link PolicyEngine.Builder#parserExecutor} that counts the parses handed to
 * it (on submission: completed-task counts lag the caller). With inline parsing off, every parse
 * goes through it, so tests can tell a parse from a cache hit exactly.
 */
final class CountingParserPool implements AutoCloseable {

    private final AtomicLong parses = new AtomicLong();
    private final ThreadPoolExecutor executor;

    CountingParserPool(String threadName) {
        executor = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(256), r -> {
            Thread t = new Thread(null, r, threadName, 16L * 1024 * 1024);
            t.setDaemon(true);
            return t;
        }) {
            @Override
            public void execute(Runnable command) {
                parses.incrementAndGet();
                super.execute(command);
            }
        };
    }

    ExecutorService executor() {
        return executor;
    }

    /** Parses handed to the pool so far. */
    long parses() {
        return parses.get();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}

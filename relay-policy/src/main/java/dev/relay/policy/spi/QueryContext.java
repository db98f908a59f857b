package dev.relay.policy.spi;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Per-request execution context handed to a connector: the time budget, the response byte
 * budget, and cancellation. The runtime calls {@link #cancel()} when the request's connection
 * drops or its deadline passes; a connector registers what stops its work (for JDBC,
 * {@code Statement::cancel}) with {@link #onCancel(Runnable)}.
 */
public final class QueryContext {

    private final String requestId;
    private final Duration timeout;
    private final long maxResponseBytes;
    private final List<Runnable> cancelActions = new ArrayList<>();
    private boolean cancelled;

    public QueryContext(String requestId, Duration timeout, long maxResponseBytes) {
        this.requestId = Objects.requireNonNull(requestId, "requestId");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        if (maxResponseBytes <= 0) {
            throw new IllegalArgumentException("maxResponseBytes must be positive");
        }
        this.maxResponseBytes = maxResponseBytes;
    }

    /** The request's id, for correlation in logs; never a secret. */
    public String requestId() {
        return requestId;
    }

    /** How long the statement may run: the smaller of the resource's timeout and the request's. */
    public Duration timeout() {
        return timeout;
    }

    /** The serialised size the result may reach before it is truncated ({@code truncatedBy: bytes}). */
    public long maxResponseBytes() {
        return maxResponseBytes;
    }

    /** Registers an action run once on {@link #cancel()}; runs it at once if already cancelled. */
    public void onCancel(Runnable action) {
        boolean runNow;
        synchronized (this) {
            runNow = cancelled;
            if (!runNow) {
                cancelActions.add(action);
            }
        }
        if (runNow) {
            action.run();
        }
    }

    /** Cancels the request: every registered action runs once, on the calling thread. */
    public void cancel() {
        List<Runnable> toRun;
        synchronized (this) {
            if (cancelled) {
                return;
            }
            cancelled = true;
            toRun = List.copyOf(cancelActions);
            cancelActions.clear();
        }
        for (Runnable action : toRun) {
            try {
                action.run();
            } catch (RuntimeException ignored) {
                // a failing cancel action must not stop the others
            }
        }
    }

    public synchronized boolean isCancelled() {
        return cancelled;
    }
}

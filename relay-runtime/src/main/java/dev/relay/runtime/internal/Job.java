package dev.relay.runtime.internal;

import dev.relay.policy.spi.QueryContext;
import dev.relay.protocol.Request;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * One request on its way through the relay: where it came from, when it must be done, and how to
 * stop it. {@link #cancel} may come from any thread (the connection dropped, the deadline passed,
 * shutdown gave up waiting); it reaches the connector through the {@link QueryContext}.
 */
public final class Job {

    /** Why a job was cancelled. */
    public enum CancelReason {
        CONNECTION_LOST("the connection to the control plane was lost"),
        DEADLINE("the request deadline passed"),
        SHUTDOWN("the relay stopped before the request finished"),
        RESOURCE_REMOVED("the resource was removed from the configuration");

        private final String detail;

        CancelReason(String detail) {
            this.detail = detail;
        }

        public String detail() {
            return detail;
        }
    }

    private final Request request;
    private final Connection connection;
    private final ActiveConfig active;
    private final long receivedNanos;
    private final long deadlineNanos;
    private @Nullable QueryContext context;
    private @Nullable CancelReason cancelled;
    private volatile @Nullable String resourceId;
    private volatile @Nullable String operation;

    Job(Request request, Connection connection, ActiveConfig active, long receivedNanos, Duration timeout) {
        this.request = request;
        this.connection = connection;
        this.active = active;
        this.receivedNanos = receivedNanos;
        this.deadlineNanos = receivedNanos + timeout.toNanos();
    }

    public Request request() {
        return request;
    }

    public Connection connection() {
        return connection;
    }

    /** The config snapshot taken when the request arrived. */
    public ActiveConfig active() {
        return active;
    }

    public long receivedNanos() {
        return receivedNanos;
    }

    /** Time left before the deadline, never negative. */
    public Duration remaining(long nowNanos) {
        return Duration.ofNanos(Math.max(0, deadlineNanos - nowNanos));
    }

    public long deadlineNanos() {
        return deadlineNanos;
    }

    /** The resource the request targets, once known (for cutting off a removed resource). */
    public @Nullable String resourceId() {
        return resourceId;
    }

    void resourceId(String id) {
        this.resourceId = id;
    }

    /** The {@code execute} operation, once decoded (for the listener). */
    public @Nullable String operation() {
        return operation;
    }

    void operation(String op) {
        this.operation = op;
    }

    /** Creates the connector's context; already cancelled if the job was. */
    public QueryContext newContext(String requestId, Duration timeout, long maxResponseBytes) {
        QueryContext ctx = new QueryContext(requestId, timeout, maxResponseBytes);
        boolean cancelNow;
        synchronized (this) {
            context = ctx;
            cancelNow = cancelled != null;
        }
        if (cancelNow) {
            ctx.cancel();
        }
        return ctx;
    }

    /** Cancels the job (first reason wins) and any query it runs. */
    public void cancel(CancelReason reason) {
        QueryContext ctx;
        synchronized (this) {
            if (cancelled == null) {
                cancelled = reason;
            }
            ctx = context;
        }
        if (ctx != null) {
            ctx.cancel();
        }
    }

    /**
     * Cancels the job for {@code reason} unless it was cancelled already (then nothing is done, not
     * even a second cancel of its query): for a periodic check that sees the same job again.
     */
    void cancelIfNotAlready(CancelReason reason) {
        synchronized (this) {
            if (cancelled != null) {
                return;
            }
        }
        cancel(reason);
    }

    public synchronized @Nullable CancelReason cancelled() {
        return cancelled;
    }

    @Override
    public String toString() {
        return "Job[id=" + request.id() + ", method=" + request.method() + ", " + connection + "]";
    }
}

package dev.relay.runtime.internal;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/** Counters for heartbeats; thread-safe. */
public final class RuntimeStats {

    private final AtomicLong total = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong inFlight = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();
    private volatile @Nullable Instant connectedSince;

    void received() {
        total.incrementAndGet();
    }

    void rejected() {
        rejected.incrementAndGet();
    }

    void failed() {
        failed.incrementAndGet();
    }

    void started() {
        inFlight.incrementAndGet();
    }

    void finished() {
        inFlight.decrementAndGet();
    }

    public void connected(Instant at) {
        if (connections.incrementAndGet() > 1) {
            reconnects.incrementAndGet();
        }
        connectedSince = at;
    }

    public void disconnected() {
        connectedSince = null;
    }

    public long total() {
        return total.get();
    }

    public long rejectedCount() {
        return rejected.get();
    }

    public long failedCount() {
        return failed.get();
    }

    public long inFlight() {
        return inFlight.get();
    }

    public long reconnects() {
        return reconnects.get();
    }

    public @Nullable Instant connectedSince() {
        return connectedSince;
    }

    /** The {@code stats} object of a heartbeat. */
    public Map<String, Object> toWire() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("requestsTotal", total.get());
        m.put("requestsRejected", rejected.get());
        m.put("requestsFailed", failed.get());
        m.put("inFlight", inFlight.get());
        m.put("reconnects", reconnects.get());
        Instant since = connectedSince;
        m.put("connectedSince", since == null ? null : since.toString());
        return m;
    }
}

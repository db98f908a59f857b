package dev.relay.runtime.internal;

import dev.relay.masking.Masker;
import dev.relay.policy.PolicyEngine;
import dev.relay.policy.spi.ResourceConnector;
import dev.relay.runtime.RelayConfig;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * What one version of the config turned into: the policy engine, one connector per resource and
 * the masker. A reload builds a new one and swaps it in. A request keeps the snapshot it started
 * with, so a reload never changes the rules under a running request.
 *
 * <p>A request {@link #hold() holds} its snapshot from the moment it is queued until it is
 * answered; a reload {@link #retire retires} the old one, and what only the old snapshot owns (its
 * policy engine) is closed when the last holder lets go, so a request queued before a reload is
 * still judged by the rules it arrived under instead of failing on a closed engine.
 */
public final class ActiveConfig {

    private final RelayConfig config;
    private final PolicyEngine engine;
    private final Map<String, ResourceConnector> connectors;
    private final Masker masker;
    /** The swap's own hold (1 while active) plus one per request holding this snapshot; 0 = retired and released. */
    private final AtomicInteger holders = new AtomicInteger(1);
    private final AtomicReference<@Nullable Runnable> onReleased = new AtomicReference<>();

    public ActiveConfig(RelayConfig config, PolicyEngine engine, Map<String, ResourceConnector> connectors, Masker masker) {
        this.config = config;
        this.engine = engine;
        this.connectors = Map.copyOf(connectors);
        this.masker = masker;
    }

    public RelayConfig config() {
        return config;
    }

    public PolicyEngine engine() {
        return engine;
    }

    public Map<String, ResourceConnector> connectors() {
        return connectors;
    }

    public Masker masker() {
        return masker;
    }

    public @Nullable ResourceConnector connector(String resourceId) {
        return connectors.get(resourceId);
    }

    public RelayConfig.@Nullable Resource resource(String resourceId) {
        return config.resource(resourceId);
    }

    /** Takes a hold for one request; false when this snapshot is already retired and released (take the current one). */
    public boolean hold() {
        while (true) {
            int n = holders.get();
            if (n == 0) {
                return false;
            }
            if (holders.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** Lets go of a hold taken with {@link #hold()}. */
    public void release() {
        if (holders.decrementAndGet() == 0) {
            Runnable r = onReleased.getAndSet(null);
            if (r != null) {
                r.run();
            }
        }
    }

    /** This snapshot is no longer the active one: {@code whenReleased} runs once no request holds it. */
    void retire(Runnable whenReleased) {
        onReleased.set(whenReleased);
        release();
    }

    @Override
    public String toString() {
        return "ActiveConfig[resources=" + connectors.keySet() + "]";
    }
}

package dev.relay.runtime.internal;

import dev.relay.masking.Masker;
import dev.relay.policy.PolicyEngine;
import dev.relay.policy.spi.ResourceConnector;
import dev.relay.runtime.RelayConfig;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What one version of the config turned into: the policy engine, one connector per resource and
 * the masker. Immutable; a reload builds a new one and swaps it in. A request keeps the snapshot
 * it started with, so a reload never changes the rules under a running request.
 */
public record ActiveConfig(RelayConfig config, PolicyEngine engine, Map<String, ResourceConnector> connectors,
        Masker masker) {

    public ActiveConfig {
        connectors = Map.copyOf(connectors);
    }

    public @Nullable ResourceConnector connector(String resourceId) {
        return connectors.get(resourceId);
    }

    public RelayConfig.@Nullable Resource resource(String resourceId) {
        return config.resource(resourceId);
    }

    @Override
    public String toString() {
        return "ActiveConfig[resources=" + connectors.keySet() + "]";
    }
}

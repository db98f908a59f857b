package dev.relay.runtime;

import dev.relay.policy.Operation;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The relay's configuration, validated and frozen. Built by {@link RelayConfigLoader} from a
 * {@code relay-config.yaml}; every key and its default is documented in docs/configuration.md.
 * {@code toString()} of every part redacts secrets and connection sections.
 *
 * @param source the file it was read from (for reloads), or null when built from text
 * @param masking the {@code masking:} section as plain values, already validated by relay-masking
 * @param audit the {@code audit:} section as plain values, already validated by relay-audit
 */
public record RelayConfig(
        String relayId,
        ControlPlane controlPlane,
        Limits limits,
        List<Resource> resources,
        Map<String, Object> masking,
        Map<String, Object> audit,
        Health health,
        Reload reload,
        Logging logging,
        @Nullable Path source) {

    public RelayConfig {
        Objects.requireNonNull(relayId, "relayId");
        resources = List.copyOf(resources);
        masking = Collections.unmodifiableMap(new LinkedHashMap<>(masking));
        audit = Collections.unmodifiableMap(new LinkedHashMap<>(audit));
    }

    /** The resource with this id, or null. */
    public @Nullable Resource resource(String id) {
        for (Resource r : resources) {
            if (r.id().equals(id)) {
                return r;
            }
        }
        return null;
    }

    /** {@code controlPlane:} how to reach and stay connected to the control plane. */
    public record ControlPlane(
            URI url,
            Secret token,
            Tls tls,
            @Nullable Proxy proxy,
            boolean insecure,
            Duration heartbeatInterval,
            Duration connectTimeout,
            Duration pingInterval,
            Duration idleTimeout,
            Reconnect reconnect) {
    }

    /** {@code controlPlane.tls:} custom trust and client certificate; all optional. */
    public record Tls(
            @Nullable Path caFile,
            @Nullable Path clientCertFile,
            @Nullable Path clientKeyFile,
            @Nullable Secret clientKeyPassword,
            List<String> protocols) {
        public Tls {
            protocols = List.copyOf(protocols);
        }
    }

    /** An HTTP CONNECT proxy; credentials (from {@code http://user:pass@host:port}) are secret. */
    public record Proxy(String host, int port, @Nullable String username, @Nullable Secret password) {
        @Override
        public String toString() {
            return "Proxy[" + host + ":" + port + (username == null ? "" : ", with credentials") + "]";
        }
    }

    /** {@code controlPlane.reconnect:} exponential backoff with full jitter. */
    public record Reconnect(
            Duration initialDelay,
            Duration maxDelay,
            Duration resetAfter,
            Duration authFailureDelay,
            int exitAfterFailedAttempts) {
    }

    /** {@code limits:} overall concurrency and message bounds. */
    public record Limits(
            int maxConcurrentRequests,
            int queueSize,
            long maxRequestBytes,
            Duration requestTimeout,
            Duration shutdownGracePeriod) {
    }

    /** {@code health:} the probe loop behind {@code resource_update}. */
    public record Health(Duration probeInterval, Duration probeTimeout) {
    }

    /** {@code reload:} watching the config file for edits. */
    public record Reload(boolean watch, Duration pollInterval) {
    }

    /** {@code logging:} operational logs on stderr. */
    public record Logging(String format, String level) {
    }

    /**
     * One entry of {@code resources:}. The {@code connection} and {@code pool} sections are passed
     * to the connector of the resource's type, which validates them.
     */
    public record Resource(
            String id,
            String type,
            Map<String, Object> connection,
            Map<String, Object> pool,
            Set<Operation> allowedOperations,
            int maxRowsPerQuery,
            long maxResponseBytes,
            Duration statementTimeout,
            List<String> tablesAllow,
            List<String> tablesDeny,
            String functionPolicy,
            List<String> blockedFunctions,
            List<String> allowedFunctions,
            boolean allowServerSideJavaScript,
            int maxQueryLength) {

        public Resource {
            connection = Map.copyOf(connection);
            pool = Map.copyOf(pool);
            allowedOperations = Set.copyOf(allowedOperations);
            tablesAllow = List.copyOf(tablesAllow);
            tablesDeny = List.copyOf(tablesDeny);
            blockedFunctions = List.copyOf(blockedFunctions);
            allowedFunctions = List.copyOf(allowedFunctions);
        }

        @Override
        public String toString() {
            return "Resource[id=" + id + ", type=" + type + ", connection=<redacted>, allowedOperations="
                    + allowedOperations + ", maxRowsPerQuery=" + maxRowsPerQuery + "]";
        }
    }

    @Override
    public String toString() {
        return "RelayConfig[relayId=" + relayId + ", url=" + controlPlane.url() + ", resources=" + resources + "]";
    }
}

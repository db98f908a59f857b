package dev.relay.policy.spi;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What a connector is given to build itself: the resource's identity, its raw
 * {@code connection} and {@code pool} sections (secrets already substituted, values as
 * parsed from YAML: {@code String}, {@code Integer}, {@code Long}, {@code Boolean},
 * {@code List}, {@code Map}), and the limits the runtime enforces for it.
 *
 * <p>{@code toString()} never prints the connection section: it holds passwords.
 */
public record ConnectorConfig(
        String resourceId,
        String type,
        Map<String, Object> connection,
        Map<String, Object> pool,
        Duration statementTimeout,
        long maxResponseBytes) {

    public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(30);
    public static final long DEFAULT_MAX_RESPONSE_BYTES = 16L * 1024 * 1024;
    public static final int DEFAULT_POOL_MAX_SIZE = 5;

    public ConnectorConfig {
        Objects.requireNonNull(resourceId, "resourceId");
        Objects.requireNonNull(type, "type");
        connection = Map.copyOf(connection);
        pool = Map.copyOf(pool);
        Objects.requireNonNull(statementTimeout, "statementTimeout");
        if (statementTimeout.isNegative() || statementTimeout.isZero()) {
            throw new IllegalArgumentException("statementTimeout must be positive");
        }
        if (maxResponseBytes <= 0) {
            throw new IllegalArgumentException("maxResponseBytes must be positive");
        }
    }

    @Override
    public String toString() {
        return "ConnectorConfig[resourceId=" + resourceId + ", type=" + type
                + ", connection=<" + connection.size() + " keys, redacted>, pool=" + pool
                + ", statementTimeout=" + statementTimeout + ", maxResponseBytes=" + maxResponseBytes + "]";
    }
}

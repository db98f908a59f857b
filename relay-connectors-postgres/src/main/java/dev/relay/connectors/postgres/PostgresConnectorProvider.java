package dev.relay.connectors.postgres;

import dev.relay.policy.spi.ConnectorConfig;
import dev.relay.policy.spi.ConnectorProvider;
import dev.relay.policy.spi.ResourceConnector;

/**
 * Start here: the provider of {@code type: postgres} resources, found by {@link java.util.ServiceLoader}.
 *
 * <p>{@code connection:} keys: {@code url} (required, {@code jdbc:postgresql://host:port/db}),
 * {@code username}, {@code password}, {@code applicationName} (default {@code relay}),
 * {@code connectTimeout} (10s), {@code lockTimeout} (5s), {@code idleInTransactionTimeout} (60s),
 * {@code fetchSize} (1000: rows of the first fetch; a statement capped at no more runs in one round trip). {@code pool:} keys: {@code maxSize} (5),
 * {@code minIdle} (0), {@code acquireTimeout} (10s; past it a request fails with
 * {@code RESOURCE_UNAVAILABLE}), {@code idleTimeout} (10m), {@code maxLifetime} (30m).
 * The statement timeout and the response byte cap come from the resource
 * ({@code statementTimeout}, {@code maxResponseBytes}).
 */
public final class PostgresConnectorProvider implements ConnectorProvider {

    /** The resource type this provider serves. */
    public static final String TYPE = "postgres";

    @Override
    public String type() {
        return TYPE;
    }

    /** Validates every key (all problems at once, each named) and builds the pool; connects lazily. */
    @Override
    public ResourceConnector create(ConnectorConfig config) {
        return new PostgresConnector(PostgresSettings.from(config));
    }

    /** Parses the settings only: no pool, no housekeeping or cancel threads. */
    @Override
    public void validate(ConnectorConfig config) {
        PostgresSettings.from(config);
    }
}

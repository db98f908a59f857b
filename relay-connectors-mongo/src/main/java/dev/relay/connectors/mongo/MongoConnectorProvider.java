package dev.relay.connectors.mongo;

import dev.relay.connectors.mongo.internal.MongoSettings;
import dev.relay.policy.spi.ConnectorConfig;
import dev.relay.policy.spi.ConnectorProvider;
import dev.relay.policy.spi.ResourceConnector;

/**
 * The {@code mongodb} connector: find and read-only aggregate on one database through the MongoDB sync driver.
 * Start here. Discovered through {@link java.util.ServiceLoader}.
 *
 * <p>Keys of a resource's {@code connection} section: {@code uri} (required, {@code mongodb://} or
 * {@code mongodb+srv://}, may carry credentials), {@code database} (required), {@code username} /
 * {@code password} (optional, instead of credentials in the URI), {@code authSource} (default {@code admin}),
 * {@code readPreference} (default: the URI's, else {@code secondaryPreferred}), {@code tls.enabled},
 * {@code tls.caFile} (PEM), {@code tls.allowInvalidHostnames} (default false), {@code applicationName} (default
 * {@code relay}), {@code connectTimeout} (10s), {@code serverSelectionTimeout} (10s), {@code socketTimeout}
 * (statement timeout + 5s), {@code batchSize} (server default), {@code sampleSize} (100 documents per collection
 * for {@code describe_table} and the schema fingerprint). Keys of {@code pool}: {@code maxSize} (5),
 * {@code minIdle} (0), {@code acquireTimeout} (10s), {@code idleTimeout} (10m), {@code maxLifetime} (30m).
 * Durations are written {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}. Unknown keys are rejected.
 */
public final class MongoConnectorProvider implements ConnectorProvider {

    /** The resource type served. */
    public static final String TYPE = "mongodb";

    @Override
    public String type() {
        return TYPE;
    }

    /** Validates the configuration (all problems at once) and creates the client; never blocks on the network. */
    @Override
    public ResourceConnector create(ConnectorConfig config) {
        return new MongoConnector(MongoSettings.parse(config));
    }

    /** Parses the settings only: a {@code MongoClient} would start monitoring the hosts at once. */
    @Override
    public void validate(ConnectorConfig config) {
        MongoSettings.parse(config);
    }
}

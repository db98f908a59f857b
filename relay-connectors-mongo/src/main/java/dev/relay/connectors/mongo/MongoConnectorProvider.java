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
 * {@code readPreference} (default {@code secondaryPreferred}, or the URI's), {@code tls.enabled},
 * {@code tls.caFile} (PEM), {@code tls.allowInvalidHostnames} (default false), {@code appName} (default
 * {@code relay}), {@code connectTimeoutMs} (10000), {@code serverSelectionTimeoutMs} (10000),
 * {@code socketTimeoutMs} (statement timeout + 5 s), {@code batchSize} (server default), {@code sampleSize}
 * (100 documents per collection for {@code describe_table} and the schema fingerprint). Keys of {@code pool}:
 * {@code maxSize} (5), {@code minSize} (0), {@code maxWaitMs} (10000). Unknown keys are rejected.
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
}

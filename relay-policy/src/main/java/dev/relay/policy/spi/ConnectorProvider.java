package dev.relay.policy.spi;

/**
 * Creates connectors of one resource {@link #type() type}. Discovered through
 * {@link java.util.ServiceLoader}: a provider jar registers itself both in
 * {@code META-INF/services/dev.relay.policy.spi.ConnectorProvider} and with
 * {@code provides dev.relay.policy.spi.ConnectorProvider with ...} in its module descriptor.
 *
 * <p>Two providers of the same type on one class path stop the runtime at start-up;
 * a provider that fails to load is reported and the others keep working.
 */
public interface ConnectorProvider {

    /** The resource type this provider serves, as written in {@code resources[].type}, e.g. {@code postgres}. */
    String type();

    /**
     * Creates a connector for one resource. Must validate every key of
     * {@link ConnectorConfig#connection()} and {@link ConnectorConfig#pool()} it reads, reject the
     * ones it does not know, and report all problems at once in a {@link ConnectorConfigException}
     * whose entries name the key ({@code connection.url}, {@code pool.maxSize}).
     * Must not block on the network: the first connection is made lazily or in the background.
     */
    ResourceConnector create(ConnectorConfig config);

    /**
     * Checks a resource's settings as {@link #create} would, without creating a connector: no
     * pool, no client, no thread and no network traffic. {@code validate-config}, the
     * {@code policy} dry run and configuration reloads call this, so a configuration can be
     * checked on a machine that must not (or cannot) reach the database.
     *
     * <p>The default creates a connector and closes it at once, which is only correct for a
     * connector whose {@code create} starts nothing; providers whose clients start background
     * work (connection pools, cluster monitors) override it.
     *
     * @throws ConnectorConfigException naming every key at fault
     */
    default void validate(ConnectorConfig config) {
        try (ResourceConnector probe = create(config)) {
            // created and closed only to validate the settings
        }
    }
}

/**
 * The MongoDB connector ({@code type: mongodb}). Start here:
 * {@link dev.relay.connectors.mongo.MongoConnectorProvider}.
 *
 * <p>Registered twice on purpose: {@code provides} below for the module path and
 * {@code META-INF/services/dev.relay.policy.spi.ConnectorProvider} for the class path.
 * The MongoDB driver jars have no module descriptor; they are required by their stable
 * {@code Automatic-Module-Name}s ({@code org.mongodb.driver.sync.client}, {@code org.mongodb.driver.core},
 * {@code org.mongodb.bson}).
 */
@SuppressWarnings("requires-automatic")
module dev.relay.connectors.mongo {
    requires transitive dev.relay.policy;
    requires org.mongodb.driver.sync.client;
    requires org.mongodb.driver.core;
    requires org.mongodb.bson;
    requires org.slf4j;
    requires static transitive org.jspecify;

    exports dev.relay.connectors.mongo;

    provides dev.relay.policy.spi.ConnectorProvider with dev.relay.connectors.mongo.MongoConnectorProvider;
}

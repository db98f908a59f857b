/**
 * The MongoDB connector. Start here: {@link dev.relay.connectors.mongo.MongoConnectorProvider} (type
 * {@code mongodb}), registered for {@link java.util.ServiceLoader}.
 */
@NullMarked
package dev.relay.connectors.mongo;

import org.jspecify.annotations.NullMarked;

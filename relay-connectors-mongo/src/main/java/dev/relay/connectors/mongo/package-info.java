/**
 * The MongoDB connector.
 */
@NullMarked
package dev.relay.connectors.mongo;

import org.jspecify.annotations.NullMarked;

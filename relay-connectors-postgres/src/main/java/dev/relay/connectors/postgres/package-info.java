/**
 * The PostgreSQL connector.
 */
@NullMarked
package dev.relay.connectors.postgres;

import org.jspecify.annotations.NullMarked;

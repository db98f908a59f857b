/** Test-only bridge into the PostgreSQL connector's package. */
@NullMarked
package dev.relay.connectors.postgres;

import org.jspecify.annotations.NullMarked;

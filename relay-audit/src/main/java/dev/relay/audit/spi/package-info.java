/**
 * The sink SPI: implement {@link dev.relay.audit.spi.AuditSink}, expose it through an
 * {@link dev.relay.audit.spi.AuditSinkProvider} registered in
 * {@code META-INF/services/dev.relay.audit.spi.AuditSinkProvider}, and name its type in
 * {@code audit.sink}.
 */
@NullMarked
package dev.relay.audit.spi;

import org.jspecify.annotations.NullMarked;

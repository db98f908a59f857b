package dev.relay.audit.spi;

import dev.relay.audit.AuditConfigException;
import java.util.Map;

/**
 * Creates a custom {@link AuditSink}. Found through {@link java.util.ServiceLoader}; selected when
 * {@code audit.sink} equals its {@link #type()}; gets the {@code audit.options} map.
 */
public interface AuditSinkProvider {

    /** The name used in {@code audit.sink}; not {@code stdout} or {@code file}. */
    String type();

    /**
     * Opens the sink.
     *
     * @throws AuditConfigException if the options are wrong (keys relative to {@code options.})
     */
    AuditSink create(Map<String, Object> options);
}

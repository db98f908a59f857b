package dev.relay.audit;

import dev.relay.audit.spi.AuditSink;
import dev.relay.audit.spi.AuditSinkProvider;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** A sink provider registered through META-INF/services for the SPI test. */
public final class MemorySinkProvider implements AuditSinkProvider {

    static final List<String> LINES = Collections.synchronizedList(new ArrayList<>());

    @Override
    public String type() {
        return "memory";
    }

    @Override
    public AuditSink create(Map<String, Object> options) {
        if (!options.containsKey("name")) {
            throw new AuditConfigException(List.of("options.name: required"));
        }
        return new AuditSink() {
            @Override
            public void write(List<String> lines) {
                LINES.addAll(lines);
            }

            @Override
            public String describe() {
                return "memory " + options.get("name");
            }

            @Override
            public void close() throws IOException {
            }
        };
    }
}

package dev.relay.testkit.runtime;

import static dev.relay.testkit.runtime.RelayHarness.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.relay.audit.spi.AuditSink;
import dev.relay.policy.spi.ConnectorRegistry;
import dev.relay.runtime.RelayConfig;
import dev.relay.runtime.RelayConfigLoader;
import dev.relay.runtime.RelayRuntime;
import dev.relay.testkit.controlplane.ControlPlaneServer;
import dev.relay.testkit.controlplane.RelaySession;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** No result leaves the relay without its audit record: when the audit cannot be written, the answer carries no data. */
class FailClosedTest {

    static final String TOKEN = "fail-closed-token";

    /** Keeps lines in memory until told to fail. */
    static final class BreakableSink implements AuditSink {
        final List<String> lines = new CopyOnWriteArrayList<>();
        volatile boolean broken;

        @Override
        public void write(List<String> batch) throws IOException {
            if (broken) {
                throw new IOException("disk full");
            }
            lines.addAll(batch);
        }

        @Override
        public String describe() {
            return "memory (test)";
        }

        @Override
        public void close() {
        }
    }

    @Test
    void aRequestWhoseAuditRecordCannotBeWrittenIsAnsweredWithoutData() throws Exception {
        FakeConnectorProvider fake = new FakeConnectorProvider();
        BreakableSink sink = new BreakableSink();
        try (ControlPlaneServer cp = ControlPlaneServer.builder().token(TOKEN).build().start()) {
            RelayConfig config = RelayConfigLoader.create().withEnvironment(Map.of("RELAY_TOKEN", TOKEN)::get).parse("""
                    controlPlane: {url: "%s", token: "${RELAY_TOKEN}", insecure: true}
                    reload: {watch: false}
                    audit: {failClosed: true}
                    resources:
                      - {id: fake, type: postgres, connection: {delayMs: 0}}
                    """.formatted(cp.url()), "relay-config.yaml");
            RelayRuntime relay = RelayRuntime.builder(config).auditSink(sink)
                    .connectors(ConnectorRegistry.of(List.of(fake))).build().start();
            try {
                RelaySession session = cp.awaitConnection(WAIT);
                JsonNode ok = session.request("execute", RelayHarness.execute("fake", "SELECT email FROM users", "fc-1"))
                        .get(20, TimeUnit.SECONDS);
                assertThat(ok.has("result")).isTrue();
                assertThat(sink.lines).anyMatch(l -> l.contains("\"fc-1\""));

                sink.broken = true;
                JsonNode refused = session.request("execute", RelayHarness.execute("fake", "SELECT email FROM users", "fc-2"))
                        .get(20, TimeUnit.SECONDS);
                assertThat(refused.has("result")).isFalse();
                assertThat(refused.path("error").path("code").asInt()).isEqualTo(-32603);
                assertThat(refused.toString()).doesNotContain("***@***.***").doesNotContain("example.com");
            } finally {
                relay.shutdown();
            }
        }
    }
}

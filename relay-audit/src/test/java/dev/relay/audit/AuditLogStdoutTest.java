package dev.relay.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditLogStdoutTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-01-15T10:31:00Z"), ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<JsonNode> lines(ByteArrayOutputStream out) throws Exception {
        List<JsonNode> nodes = new java.util.ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            nodes.add(JSON.readTree(line));
        }
        return nodes;
    }

    @Test
    void writesOneJsonLinePerRecordWithTheSpecFields() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (AuditLog log = AuditLog.builder(AuditConfig.fromMap(Map.of())).clock(CLOCK).stdout(out).build()) {
            log.record(AuditRecord.request("req-abc123").method("execute").resourceId("main-pg").operation("query")
                    .outcome(Outcome.SUCCESS).rowCount(1).clamped(false).maskedFieldCount(1)
                    .maskedByType(Map.of("email", 1)).durationMs(12)
                    .queryFingerprint(QueryFingerprint.ofSql("SELECT id, email FROM users WHERE created_at > $1"))
                    .build());
        }
        List<JsonNode> lines = lines(out);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0).get("event").asText()).isEqualTo("audit_started");
        JsonNode r = lines.get(1);
        assertThat(r.get("level").asText()).isEqualTo("info");
        assertThat(r.get("time").asText()).isEqualTo("2024-01-15T10:31:00.000Z");
        assertThat(r.get("msg").asText()).isEqualTo("Request completed");
        assertThat(r.get("requestId").asText()).isEqualTo("req-abc123");
        assertThat(r.get("resourceId").asText()).isEqualTo("main-pg");
        assertThat(r.get("operation").asText()).isEqualTo("query");
        assertThat(r.get("outcome").asText()).isEqualTo("success");
        assertThat(r.get("rowCount").asLong()).isEqualTo(1);
        assertThat(r.get("clamped").asBoolean()).isFalse();
        assertThat(r.get("maskedFieldCount").asLong()).isEqualTo(1);
        assertThat(r.get("maskedByType").get("email").asLong()).isEqualTo(1);
        assertThat(r.get("durationMs").asLong()).isEqualTo(12);
        assertThat(r.get("queryFingerprint").asText()).matches("[0-9a-f]{64}");
        assertThat(r.has("seq")).isFalse();
        assertThat(lines.get(2).get("event").asText()).isEqualTo("audit_closed");
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("2024-01-01");
    }

    @Test
    void rejectionCarriesReasonAndDetailAsInTheSeed() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (AuditLog log = AuditLog.builder(AuditConfig.defaults()).clock(CLOCK).stdout(out).build()) {
            log.record(AuditRecord.request("req-def456").resourceId("main-pg").operation("query")
                    .outcome(Outcome.REJECTED).msg("Request rejected by policy engine")
                    .reason("QUERY_BLOCKED").detail("Statement contains blocked keyword: DELETE").build());
        }
        JsonNode r = lines(out).get(1);
        assertThat(r.get("level").asText()).isEqualTo("warn");
        assertThat(r.get("msg").asText()).isEqualTo("Request rejected by policy engine");
        assertThat(r.get("outcome").asText()).isEqualTo("rejected");
        assertThat(r.get("reason").asText()).isEqualTo("QUERY_BLOCKED");
        assertThat(r.get("detail").asText()).isEqualTo("Statement contains blocked keyword: DELETE");
    }

    @Test
    void recordTypesForMessagesThatNeverBecameRequests() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (AuditLog log = AuditLog.builder(AuditConfig.defaults()).clock(CLOCK).stdout(out).build()) {
            log.record(AuditRecord.unparseable("PARSE_ERROR", "Parse error").build());
            log.record(AuditRecord.unknownMethod("7").method("drop_everything_secret").operation("nuke_secret").build());
            log.record(AuditRecord.dropped("req-9").resourceId("main-pg").operation("query").durationMs(3).build());
            log.record(AuditRecord.connected("control.example.com").build());
            log.record(AuditRecord.disconnected("REMOTE_CLOSE", "close code 1001").build());
            log.record(AuditRecord.configReloaded(true, "3 resources").build());
            log.record(AuditRecord.configReloaded(false, "resources[0].type: unknown").build());
            log.record(AuditRecord.resourceReachable("main-pg").build());
            log.record(AuditRecord.resourceUnreachable("main-pg", "connection refused").build());
            log.record(AuditRecord.shutdown("SIGTERM").build());
        }
        List<JsonNode> lines = lines(out);
        assertThat(lines).extracting(n -> n.get("event").asText()).containsExactly("audit_started", "request",
                "request", "request", "connected", "disconnected", "config_reloaded", "config_reloaded",
                "resource_reachable", "resource_unreachable", "shutdown", "audit_closed");
        assertThat(lines.get(1).get("reason").asText()).isEqualTo("PARSE_ERROR");
        assertThat(lines.get(2).get("reason").asText()).isEqualTo("METHOD_NOT_FOUND");
        assertThat(lines.get(2).has("method")).isFalse();
        assertThat(lines.get(2).has("operation")).isFalse();
        assertThat(lines.get(3).get("outcome").asText()).isEqualTo("error");
        assertThat(lines.get(3).get("reason").asText()).isEqualTo("CONNECTION_CLOSED");
        assertThat(lines.get(5).get("reason").asText()).isEqualTo("REMOTE_CLOSE");
        assertThat(lines.get(7).get("outcome").asText()).isEqualTo("rejected");
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("secret");
    }

    @Test
    void textFilterIsAppliedAndAFailingFilterWithholdsTheText() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (AuditLog log = AuditLog.builder(AuditConfig.defaults()).clock(CLOCK).stdout(out)
                .textFilter(d -> {
                    if (d.contains("boom")) {
                        throw new IllegalStateException("boom");
                    }
                    return d.replace("alice@example.com", "***@***.***");
                }).build()) {
            log.record(AuditRecord.request("1").outcome(Outcome.ERROR).detail("user alice@example.com").build());
            log.record(AuditRecord.request("2").outcome(Outcome.ERROR).detail("boom").build());
        }
        List<JsonNode> lines = lines(out);
        assertThat(lines.get(1).get("detail").asText()).isEqualTo("user ***@***.***");
        assertThat(lines.get(2).get("detail").asText()).isEqualTo("[withheld: the text filter failed]");
    }

    @Test
    void aRequestRecordNeedsAnOutcome() {
        assertThatThrownBy(() -> AuditRecord.request("1").build()).hasMessageContaining("outcome");
        assertThatThrownBy(() -> AuditRecord.lifecycle(AuditEvent.CHECKPOINT)).hasMessageContaining("event");
        assertThatThrownBy(() -> AuditRecord.request("1").queryFingerprint("SELECT 1"))
                .hasMessageContaining("queryFingerprint");
    }

    @Test
    void toStringShowsNoValues() {
        AuditRecord r = AuditRecord.request("req-secret").outcome(Outcome.REJECTED).reason("QUERY_BLOCKED")
                .detail("something private").build();
        assertThat(r.toString()).doesNotContain("req-secret").doesNotContain("private").contains("QUERY_BLOCKED");
    }

    @Test
    void disabledLogWritesNothing() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (AuditLog log = AuditLog.builder(AuditConfig.fromMap(Map.of("enabled", false))).stdout(out).build()) {
            log.record(AuditRecord.request("1").outcome(Outcome.SUCCESS).build());
        }
        assertThat(out.size()).isZero();
    }
}

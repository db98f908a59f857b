package dev.relay.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditConfigTest {

    @Test
    void emptySectionGivesDefaults() {
        AuditConfig c = AuditConfig.fromMap(Map.of());
        assertThat(c.enabled()).isTrue();
        assertThat(c.sink()).isEqualTo("stdout");
        assertThat(c.failClosed()).isTrue();
        assertThat(c.tamperEvidence()).isEqualTo(AuditConfig.TamperEvidence.OFF);
        assertThat(c.signingMode()).isEqualTo(AuditConfig.SigningMode.CHECKPOINT);
        assertThat(c.checkpointEvery()).isEqualTo(1000);
        assertThat(c.checkpointInterval()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void readsEveryKey() {
        AuditConfig c = AuditConfig.fromMap(Map.of(
                "sink", "file",
                "file", Map.of("path", "/var/log/relay/audit.jsonl", "fsync", true),
                "failClosed", false,
                "tamperEvidence", "signed",
                "signing", Map.of("privateKeyFile", "/etc/relay/audit.pem", "mode", "record",
                        "checkpointEvery", 50, "checkpointInterval", "500ms")));
        assertThat(c.sink()).isEqualTo("file");
        assertThat(c.filePath()).hasToString("/var/log/relay/audit.jsonl");
        assertThat(c.fsync()).isTrue();
        assertThat(c.failClosed()).isFalse();
        assertThat(c.tamperEvidence()).isEqualTo(AuditConfig.TamperEvidence.SIGNED);
        assertThat(c.signingMode()).isEqualTo(AuditConfig.SigningMode.RECORD);
        assertThat(c.checkpointEvery()).isEqualTo(50);
        assertThat(c.checkpointInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(AuditConfig.fromMap(Map.of("tamperEvidence", true)).tamperEvidence())
                .isEqualTo(AuditConfig.TamperEvidence.SIGNED);
    }

    @Test
    void reportsEveryProblemWithItsKeyAndNoSecret() {
        AuditConfigException e = catchThrowableOfType(AuditConfigException.class, () -> AuditConfig.fromMap(Map.of(
                "sink", "file",
                "failClosed", "yes",
                "tamperEvidence", "maybe",
                "colour", "blue",
                "signing", Map.of("privateKey", "hunter2", "checkpointEvery", 0, "checkpointInterval", 10))));
        assertThat(e.problems()).containsExactlyInAnyOrder(
                "colour: unknown key (known: enabled, failClosed, file, options, signing, sink, tamperEvidence)",
                "file.path: required when sink is file",
                "failClosed: must be true or false",
                "tamperEvidence: must be off, hash or signed (or true/false)",
                "signing.privateKey: must be a PKCS#8 PEM (-----BEGIN PRIVATE KEY-----)",
                "signing.checkpointEvery: must be between 1 and 1000000",
                "signing.checkpointInterval: must be a duration such as 500ms, 10s or 5m",
                "signing: only used when tamperEvidence is signed");
        assertThat(e.getMessage()).doesNotContain("hunter2");
    }

    @Test
    void toStringRedactsTheKey() {
        AuditConfig c = AuditConfig.fromMap(Map.of("tamperEvidence", "signed",
                "signing", Map.of("privateKey", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----")));
        assertThat(c.toString()).doesNotContain("AAAA").contains("[redacted]");
    }
}

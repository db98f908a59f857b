package dev.relay.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.relay.audit.internal.CanonicalJson;
import dev.relay.audit.internal.Ed25519;
import dev.relay.audit.internal.Sha256;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Writes real audit files and damages them the way an attacker or a bad disk would. */
final class TamperFixture {

    static final ObjectMapper JSON = new ObjectMapper();

    final Path dir;
    final KeyPair keys;
    final Path privatePem;
    final Path publicPem;

    TamperFixture(Path dir) throws Exception {
        this.dir = dir;
        this.keys = Ed25519.generate(new SecureRandom());
        this.privatePem = dir.resolve("audit-key.pem");
        this.publicPem = dir.resolve("audit-public.pem");
        Files.writeString(privatePem, Ed25519.toPem(keys.getPrivate()));
        Files.writeString(publicPem, Ed25519.toPem(keys.getPublic()));
    }

    AuditConfig config(Path file, AuditConfig.SigningMode mode, int checkpointEvery) {
        return AuditConfig.defaults().withFile(file)
                .withTamperEvidence(AuditConfig.TamperEvidence.SIGNED, mode)
                .withPrivateKeyFile(privatePem)
                .withCheckpoints(checkpointEvery, Duration.ofHours(1));
    }

    /** A closed log of {@code n} request records plus its started, checkpoint and closed records. */
    Path write(String name, AuditConfig.SigningMode mode, int n) {
        Path file = dir.resolve(name);
        try (AuditLog log = AuditLog.builder(config(file, mode, 4)).build()) {
            for (int i = 0; i < n; i++) {
                log.record(request(i));
            }
        }
        return file;
    }

    static AuditRecord request(int i) {
        return AuditRecord.request("req-" + i).method("execute").resourceId("main-pg").operation("query")
                .outcome(Outcome.SUCCESS).rowCount(i).clamped(false).maskedFieldCount(1)
                .maskedByType(Map.of("email", 1)).durationMs(3)
                .queryFingerprint(QueryFingerprint.ofSql("SELECT * FROM users WHERE id = " + i)).build();
    }

    static List<String> lines(Path file) throws Exception {
        return new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    static void writeLines(Path file, List<String> lines) throws Exception {
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }

    static int lineOf(List<String> lines, String event, int occurrence) throws Exception {
        int seen = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (JSON.readTree(lines.get(i)).get("event").asText().equals(event) && seen++ == occurrence) {
                return i;
            }
        }
        throw new AssertionError("no " + event + " #" + occurrence);
    }

    /**
     * Re-hashes the chain from {@code from} on, re-signing every signed record with {@code signer}
     * and stamping {@code keyId} (the forger's own id, or the genuine one to impersonate it).
     */
    static void rechain(List<String> lines, int from, KeyPair signer, String keyId) throws Exception {
        String prev = from == 0 ? AuditLog.GENESIS_HASH : JSON.readTree(lines.get(from - 1)).get("hash").asText();
        for (int i = from; i < lines.size(); i++) {
            ObjectNode node = (ObjectNode) JSON.readTree(lines.get(i));
            node.put("prevHash", prev);
            boolean signed = node.has("sig");
            if (signed) {
                node.put("keyId", keyId);
            }
            byte[] canonical = CanonicalJson.ofRecord(node).getBytes(StandardCharsets.UTF_8);
            String hash = Sha256.hexOf(CanonicalJson.ofRecord(node));
            node.put("hash", hash);
            if (signed) {
                node.put("sig", Base64.getEncoder().encodeToString(Ed25519.sign(signer.getPrivate(), canonical)));
            }
            lines.set(i, JSON.writeValueAsString(node));
            prev = hash;
        }
    }

    static String edit(String line, String field, long value) throws Exception {
        ObjectNode node = (ObjectNode) JSON.readTree(line);
        node.put(field, value);
        return JSON.writeValueAsString(node);
    }

    static JsonNode parse(String line) throws Exception {
        return JSON.readTree(line);
    }
}

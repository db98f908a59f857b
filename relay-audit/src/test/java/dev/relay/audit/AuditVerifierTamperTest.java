package dev.relay.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relay.audit.AuditConfig.SigningMode;
import dev.relay.audit.VerificationResult.Problem;
import dev.relay.audit.internal.Ed25519;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each kind of damage is detected and named, in both signing modes. */
class AuditVerifierTamperTest {

    @TempDir
    static Path dir;

    static TamperFixture fx;

    @BeforeAll
    static void keys() throws Exception {
        fx = new TamperFixture(dir);
    }

    private static VerificationResult verify(Path file) {
        return AuditVerifier.verify(file, fx.publicPem);
    }

    private static Path copy(Path original, String name) throws Exception {
        return Files.copy(original, dir.resolve(name));
    }

    @ParameterizedTest
    @EnumSource(SigningMode.class)
    void anUntouchedLogVerifies(SigningMode mode) throws Exception {
        Path file = fx.write("intact-" + mode, mode, 10);
        VerificationResult r = verify(file);
        assertThat(r.ok()).as(r.toString()).isTrue();
        assertThat(r.recordsVerified()).isEqualTo(mode == SigningMode.RECORD ? 12 : 14);
        assertThat(r.signaturesVerified()).isEqualTo(mode == SigningMode.RECORD ? 12 : 4);
        assertThat(r.toString()).startsWith("OK: ");
        List<String> lines = TamperFixture.lines(file);
        assertThat(TamperFixture.parse(lines.get(0)).get("publicKey").asText()).isNotEmpty();
        for (int i = 0; i < lines.size(); i++) {
            assertThat(TamperFixture.parse(lines.get(i)).get("seq").asLong()).isEqualTo(i);
        }
    }

    @ParameterizedTest
    @EnumSource(SigningMode.class)
    void editingAFieldIsAltered(SigningMode mode) throws Exception {
        Path file = copy(fx.write("edit-src-" + mode, mode, 10), "edit-" + mode);
        List<String> lines = TamperFixture.lines(file);
        lines.set(5, TamperFixture.edit(lines.get(5), "rowCount", 999));
        TamperFixture.writeLines(file, lines);
        VerificationResult r = verify(file);
        assertThat(r.problem()).isEqualTo(Problem.ALTERED);
        assertThat(r.line()).isEqualTo(6);
        assertThat(r.seq()).isEqualTo(5);
        assertThat(r.toString()).startsWith("ALTERED at line 6 (seq 5): ");
    }

    @Test
    void editingAndRehashingWithoutTheKeyIsCaught() throws Exception {
        // Per-record signatures: the edited record's own signature fails.
        Path perRecord = copy(fx.write("rehash-src-r", SigningMode.RECORD, 10), "rehash-r");
        List<String> lines = TamperFixture.lines(perRecord);
        lines.set(5, TamperFixture.edit(lines.get(5), "rowCount", 999));
        KeyPair forger = Ed25519.generate(new SecureRandom());
        String genuineId = Ed25519.keyId(fx.keys.getPublic());
        TamperFixture.rechain(lines, 5, forger, genuineId);
        TamperFixture.writeLines(perRecord, lines);
        VerificationResult r = verify(perRecord);
        assertThat(r.problem()).isEqualTo(Problem.BAD_SIGNATURE);
        assertThat(r.seq()).isEqualTo(5);

        // Checkpoints: the chain re-hashes cleanly, but the next checkpoint's signature fails.
        Path checkpoint = copy(fx.write("rehash-src-c", SigningMode.CHECKPOINT, 10), "rehash-c");
        lines = TamperFixture.lines(checkpoint);
        lines.set(2, TamperFixture.edit(lines.get(2), "rowCount", 999));
        TamperFixture.rechain(lines, 2, forger, genuineId);
        TamperFixture.writeLines(checkpoint, lines);
        r = verify(checkpoint);
        assertThat(r.problem()).isEqualTo(Problem.BAD_SIGNATURE);
        assertThat(r.seq()).isEqualTo(TamperFixture.lineOf(lines, "checkpoint", 0));
    }

    @Test
    void rehashingOnlyOneRecordBreaksTheNextLink() throws Exception {
        Path file = copy(fx.write("link-src", SigningMode.CHECKPOINT, 10), "link");
        List<String> lines = TamperFixture.lines(file);
        List<String> one = new java.util.ArrayList<>(lines.subList(0, 3));
        one.set(2, TamperFixture.edit(one.get(2), "rowCount", 999));
        TamperFixture.rechain(one, 2, fx.keys, "x");
        lines.set(2, one.get(2));
        TamperFixture.writeLines(file, lines);
        VerificationResult r = verify(file);
        assertThat(r.problem()).isEqualTo(Problem.ALTERED);
        assertThat(r.seq()).isEqualTo(3);
        assertThat(r.message()).contains("prevHash");
    }

    @ParameterizedTest
    @EnumSource(SigningMode.class)
    void droppingARecordIsMissing(SigningMode mode) throws Exception {
        Path file = copy(fx.write("drop-src-" + mode, mode, 10), "drop-" + mode);
        List<String> lines = TamperFixture.lines(file);
        lines.remove(4);
        TamperFixture.writeLines(file, lines);
        VerificationResult r = verify(file);
        assertThat(r.problem()).isEqualTo(Problem.MISSING);
        assertThat(r.seq()).isEqualTo(5);
        assertThat(r.message()).isEqualTo("record 4 is missing before this one");
    }

    @ParameterizedTest
    @EnumSource(SigningMode.class)
    void swappingTwoRecordsIsReordered(SigningMode mode) throws Exception {
        Path file = copy(fx.write("swap-src-" + mode, mode, 10), "swap-" + mode);
        List<String> lines = TamperFixture.lines(file);
        Collections.swap(lines, 3, 6);
        TamperFixture.writeLines(file, lines);
        VerificationResult r = verify(file);
        assertThat(r.problem()).isEqualTo(Problem.REORDERED);
        assertThat(r.line()).isEqualTo(4);
        assertThat(r.seq()).isEqualTo(6);
        assertThat(r.message()).contains("seq 3 is at line 7");
    }

    @ParameterizedTest
    @EnumSource(SigningMode.class)
    void truncatingTheTailIsTruncated(SigningMode mode) throws Exception {
        Path src = fx.write("cut-src-" + mode, mode, 10);
        // Cut whole lines.
        Path file = copy(src, "cut-" + mode);
        List<String> lines = TamperFixture.lines(file);
        TamperFixture.writeLines(file, lines.subList(0, lines.size() - 3));
        VerificationResult r = verify(file);
        assertThat(r.problem()).isEqualTo(Problem.TRUNCATED);

        // Cut exactly after a signed checkpoint (or any record when each is signed).
        Path atSignature = copy(src, "cut-at-sig-" + mode);
        int cut = mode == SigningMode.RECORD ? 7 : TamperFixture.lineOf(lines, "checkpoint", 1) + 1;
        TamperFixture.writeLines(atSignature, lines.subList(0, cut));
        r = verify(atSignature);
        assertThat(r.problem()).isEqualTo(Problem.TRUNCATED);
        assertThat(r.message()).contains("audit_closed");

        // Cut in the middle of a line.
        Path partial = copy(src, "cut-partial-" + mode);
        byte[] bytes = Files.readAllBytes(partial);
        Files.write(partial, java.util.Arrays.copyOf(bytes, bytes.length - 20));
        r = verify(partial);
        assertThat(r.problem()).isEqualTo(Problem.TRUNCATED);
        assertThat(r.message()).contains("partial line");
    }

    @ParameterizedTest
    @EnumSource(SigningMode.class)
    void resigningWithAnotherKeyIsUnknownKey(SigningMode mode) throws Exception {
        Path file = copy(fx.write("resign-src-" + mode, mode, 10), "resign-" + mode);
        List<String> lines = TamperFixture.lines(file);
        lines.set(5, TamperFixture.edit(lines.get(5), "rowCount", 999));
        KeyPair forger = Ed25519.generate(new SecureRandom());
        TamperFixture.rechain(lines, 0, forger, Ed25519.keyId(forger.getPublic()));
        TamperFixture.writeLines(file, lines);
        VerificationResult r = verify(file);
        assertThat(r.problem()).isEqualTo(Problem.UNKNOWN_KEY);
        assertThat(r.seq()).isEqualTo(0);
        assertThat(r.message()).contains(Ed25519.keyId(forger.getPublic()));
    }

    @Test
    void verifyingWithTheWrongPublicKeyIsUnknownKey() throws Exception {
        Path file = fx.write("wrong-key", SigningMode.CHECKPOINT, 3);
        KeyPair other = Ed25519.generate(new SecureRandom());
        Path otherPem = dir.resolve("other.pem");
        Files.writeString(otherPem, Ed25519.toPem(other.getPublic()));
        VerificationResult r = AuditVerifier.verify(file, otherPem);
        assertThat(r.problem()).isEqualTo(Problem.UNKNOWN_KEY);
    }

    @Test
    void garbageLinesAreMalformed() throws Exception {
        Path file = copy(fx.write("garbage-src", SigningMode.CHECKPOINT, 3), "garbage");
        List<String> lines = TamperFixture.lines(file);
        lines.set(2, lines.get(2).substring(0, lines.get(2).length() - 1) + ",\"rowCount\":5}");
        TamperFixture.writeLines(file, lines);
        assertThat(verify(file).problem()).isEqualTo(Problem.MALFORMED);
        lines.set(2, "not json");
        TamperFixture.writeLines(file, lines);
        assertThat(verify(file).problem()).isEqualTo(Problem.MALFORMED);
    }

    @Test
    void aHashOnlyLogIsUnsignedButItsChainVerifies() throws Exception {
        Path file = dir.resolve("hash-only");
        AuditConfig c = AuditConfig.defaults().withFile(file)
                .withTamperEvidence(AuditConfig.TamperEvidence.HASH, SigningMode.CHECKPOINT);
        try (AuditLog log = AuditLog.create(c)) {
            log.record(TamperFixture.request(1));
        }
        assertThat(verify(file).problem()).isEqualTo(Problem.UNSIGNED);
        assertThat(AuditVerifier.verifyChain(file).ok()).isTrue();
        List<String> lines = TamperFixture.lines(file);
        Collections.swap(lines, 0, 1);
        TamperFixture.writeLines(file, lines);
        assertThat(AuditVerifier.verifyChain(file).problem()).isEqualTo(Problem.REORDERED);
    }

    @Test
    void anUnchainedLogIsMalformedAndAnUnreadableKeyThrows() throws Exception {
        Path file = dir.resolve("plain");
        try (AuditLog log = AuditLog.create(AuditConfig.defaults().withFile(file))) {
            log.record(TamperFixture.request(1));
        }
        assertThat(verify(file).problem()).isEqualTo(Problem.MALFORMED);
        Path notAKey = Files.writeString(dir.resolve("not-a-key.pem"), "hello", StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> AuditVerifier.verify(file, notAKey)).isInstanceOf(AuditException.class)
                .hasMessageContaining("not an Ed25519 PEM public key");
        assertThatThrownBy(() -> AuditVerifier.verify(dir.resolve("absent"), fx.publicPem))
                .isInstanceOf(AuditException.class).hasMessageContaining("cannot be read");
    }
}

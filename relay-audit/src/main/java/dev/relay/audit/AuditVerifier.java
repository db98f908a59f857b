package dev.relay.audit;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.relay.audit.VerificationResult.Problem;
import dev.relay.audit.internal.CanonicalJson;
import dev.relay.audit.internal.Ed25519;
import dev.relay.audit.internal.JsonText;
import dev.relay.audit.internal.Sha256;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Checks an audit file offline: every record's hash, the {@code seq} order and {@code prevHash}
 * links, every signature against the given public key, and that the file ends with the signed
 * {@code audit_closed} record. Reports the first bad record and what is wrong with it. What can
 * and cannot be detected is set out in docs/audit.md. Stateless; streams the file in one pass
 * (plus one more, only to tell a reordering from a gap), in constant memory.
 */
public final class AuditVerifier {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private AuditVerifier() {
    }

    /**
     * Verifies a signed log against a PEM public key ({@code -----BEGIN PUBLIC KEY-----}).
     *
     * @throws AuditException if the file or the key cannot be read (the message says which)
     */
    public static VerificationResult verify(Path file, Path publicKeyPem) {
        PublicKey key;
        try {
            key = Ed25519.publicKeyFromPem(Files.readString(publicKeyPem, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new AuditException("public key " + publicKeyPem + " cannot be read (" + e.getClass().getSimpleName() + ")", e);
        } catch (GeneralSecurityException e) {
            throw new AuditException("public key " + publicKeyPem + " is not an Ed25519 PEM public key", e);
        }
        return verify(file, key);
    }

    /** Verifies a signed log against {@code publicKey}. */
    public static VerificationResult verify(Path file, PublicKey publicKey) {
        return new Run(file, publicKey).run();
    }

    /**
     * Verifies only the hash chain of a log written with {@code tamperEvidence: hash} (signatures
     * are ignored). This proves consistency, not authorship: anyone can rewrite an unsigned chain.
     */
    public static VerificationResult verifyChain(Path file) {
        return new Run(file, null).run();
    }

    private static final class Run {
        private final Path file;
        private final @Nullable PublicKey key;
        private final @Nullable String keyId;
        private final List<String> notes = new ArrayList<>();
        private long records;
        private long signatures;

        Run(Path file, @Nullable PublicKey key) {
            this.file = file;
            this.key = key;
            this.keyId = key == null ? null : Ed25519.keyId(key);
        }

        VerificationResult run() {
            try {
                return check();
            } catch (IOException e) {
                throw new AuditException("audit file " + file + " cannot be read (" + e.getClass().getSimpleName() + ")", e);
            }
        }

        private VerificationResult fail(Problem p, long line, long seq, String message) {
            return new VerificationResult(p, line, seq, message, records, signatures, notes);
        }

        private VerificationResult check() throws IOException {
            long[] expectedSeq = {0};
            String[] prevHash = {AuditLog.GENESIS_HASH};
            long[] lastLine = {0};
            long[] lastSignedSeq = {-1};
            String[] lastEvent = {""};
            String[] previousEvent = {""};
            long[] partialBytes = {-1};
            VerificationResult[] failure = {null};

            forEachLine(file, (lineNo, text, terminated) -> {
                if (failure[0] != null) {
                    return;
                }
                if (!terminated) {
                    partialBytes[0] = text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length;
                    return;
                }
                lastLine[0] = lineNo;
                failure[0] = checkLine(lineNo, text, expectedSeq, prevHash, lastSignedSeq, lastEvent,
                        previousEvent);
            });
            if (failure[0] != null) {
                return failure[0];
            }
            if (partialBytes[0] >= 0) {
                return fail(Problem.TRUNCATED, lastLine[0] + 1, expectedSeq[0], "the file ends in a partial line of "
                        + partialBytes[0] + " bytes: the last write was cut short or the tail was cut");
            }
            if (records == 0) {
                return fail(Problem.TRUNCATED, 0, -1, "the file holds no records");
            }
            long lastSeq = expectedSeq[0] - 1;
            if (key != null && signatures == 0) {
                return fail(Problem.UNSIGNED, 0, -1, "no record is signed: the log was written with tamperEvidence "
                        + "off or hash; verify it with verifyChain or write it with tamperEvidence: signed");
            }
            if (key != null && lastSignedSeq[0] != lastSeq) {
                return fail(Problem.TRUNCATED, lastLine[0], lastSignedSeq[0] + 1, "records " + (lastSignedSeq[0] + 1)
                        + ".." + lastSeq + " after the last signature are covered by none: the relay is still running, "
                        + "stopped without closing the log, or the tail was cut");
            }
            if (!lastEvent[0].equals(AuditEvent.AUDIT_CLOSED.wireName())) {
                return fail(Problem.TRUNCATED, lastLine[0], lastSeq, "the log does not end with its audit_closed "
                        + "record: the relay is still running, stopped without closing the log, or the tail was cut "
                        + "after a signed record");
            }
            String summary = records + " records (seq 0.." + lastSeq + ")"
                    + (key == null ? ", hash chain intact (unsigned)" : ", " + signatures + " signatures by key " + keyId)
                    + ", closed cleanly";
            return new VerificationResult(null, 0, -1, summary, records, signatures, notes);
        }

        /** The first line after {@code afterLine} whose record has {@code seq}; one extra pass, only on a gap. */
        private @Nullable Long lineOfSeq(long seq, long afterLine) {
            Long[] found = {null};
            try {
                forEachLine(file, (lineNo, text, terminated) -> {
                    if (found[0] != null || lineNo <= afterLine || !terminated) {
                        return;
                    }
                    try {
                        JsonNode s = JSON.readTree(text).get("seq");
                        if (s != null && s.canConvertToLong() && s.asLong() == seq) {
                            found[0] = lineNo;
                        }
                    } catch (IOException | RuntimeException ignored) {
                        // Not a record: not the one sought.
                    }
                });
            } catch (IOException e) {
                throw new AuditException("audit file " + file + " cannot be read (" + e.getClass().getSimpleName() + ")", e);
            }
            return found[0];
        }

        private @Nullable VerificationResult checkLine(long lineNo, String text, long[] expectedSeq, String[] prevHash, long[] lastSignedSeq, String[] lastEvent,
                String[] previousEvent) {
            JsonNode node;
            try {
                node = JSON.readTree(text);
            } catch (IOException | RuntimeException e) {
                return fail(Problem.MALFORMED, lineNo, -1, "not a JSON object (or a key appears twice)");
            }
            if (node == null || !node.isObject()) {
                return fail(Problem.MALFORMED, lineNo, -1, "not a JSON object");
            }
            JsonNode seqNode = node.get("seq");
            JsonNode prevNode = node.get("prevHash");
            JsonNode hashNode = node.get("hash");
            if (seqNode == null || !seqNode.isIntegralNumber() || !seqNode.canConvertToLong()
                    || prevNode == null || !prevNode.isTextual() || hashNode == null || !hashNode.isTextual()) {
                return fail(Problem.MALFORMED, lineNo, -1, "the record has no seq, prevHash and hash: "
                        + "the log was written without tamper evidence, or the fields were removed");
            }
            long seq = seqNode.asLong();
            String canonical;
            try {
                canonical = CanonicalJson.ofRecord(node);
            } catch (CanonicalJson.NotCanonicalizable e) {
                return fail(Problem.ALTERED, lineNo, seq, "the record " + e.getMessage());
            }
            byte[] canonicalBytes = canonical.getBytes(StandardCharsets.UTF_8);
            String hash = JsonText.hex(Sha256.digest(canonicalBytes));
            if (!hash.equals(hashNode.textValue())) {
                return fail(Problem.ALTERED, lineNo, seq, "the record's content does not match its hash (a field was "
                        + "edited, added or removed)");
            }
            long expected = expectedSeq[0];
            if (seq != expected) {
                Long lineOfExpected = seq > expected ? lineOfSeq(expected, lineNo) : null;
                if (seq < expected || (lineOfExpected != null && lineOfExpected > lineNo)) {
                    return fail(Problem.REORDERED, lineNo, seq, "expected seq " + expected + " here but found " + seq
                            + (lineOfExpected != null && lineOfExpected > lineNo ? "; seq " + expected + " is at line "
                            + lineOfExpected : " again or out of order"));
                }
                return fail(Problem.MISSING, lineNo, seq, (seq - expected == 1 ? "record " + expected + " is"
                        : "records " + expected + ".." + (seq - 1) + " are") + " missing before this one");
            }
            if (!prevNode.textValue().equals(prevHash[0])) {
                return fail(Problem.ALTERED, lineNo, seq, "prevHash does not match the hash of the record before it"
                        + (seq > 0 ? " (seq " + (seq - 1) + ")" : " (the genesis hash)")
                        + ": one of the two was altered and re-hashed, or a record was replaced");
            }
            JsonNode sigNode = node.get("sig");
            if (sigNode != null && key != null) {
                JsonNode kid = node.get("keyId");
                String signedBy = kid == null || !kid.isTextual() ? "(none)" : kid.textValue();
                if (!signedBy.equals(keyId)) {
                    return fail(Problem.UNKNOWN_KEY, lineNo, seq, "signed with key " + signedBy
                            + ", not with the given key " + keyId);
                }
                byte[] sig;
                try {
                    sig = Base64.getDecoder().decode(sigNode.asText());
                } catch (IllegalArgumentException e) {
                    return fail(Problem.BAD_SIGNATURE, lineNo, seq, "the signature is not base64");
                }
                if (!Ed25519.verify(key, canonicalBytes, sig)) {
                    return fail(Problem.BAD_SIGNATURE, lineNo, seq, "the signature does not verify with key " + keyId);
                }
                signatures++;
                lastSignedSeq[0] = seq;
            }
            JsonNode event = node.get("event");
            String ev = event == null ? "" : event.asText();
            if (ev.equals(AuditEvent.AUDIT_STARTED.wireName()) && seq > 0
                    && !previousEvent[0].equals(AuditEvent.AUDIT_CLOSED.wireName())) {
                notes.add("the run before line " + lineNo + " (seq " + seq + ") ended without closing the log "
                        + "(crash or kill); its records are chained and covered by later signatures");
            }
            previousEvent[0] = ev;
            lastEvent[0] = ev;
            prevHash[0] = hash;
            expectedSeq[0] = seq + 1;
            records++;
            return null;
        }
    }

    @FunctionalInterface
    private interface LineConsumer {
        void accept(long lineNo, String text, boolean terminated);
    }

    /** Splits on {@code \n}; a last segment without one is passed with {@code terminated=false}. */
    private static void forEachLine(Path file, LineConsumer consumer) throws IOException {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (InputStream in = Files.newInputStream(file)) {
            ByteArrayOutputStream line = new ByteArrayOutputStream(1024);
            byte[] buf = new byte[1 << 16];
            long lineNo = 0;
            int n;
            while ((n = in.read(buf)) > 0) {
                int start = 0;
                for (int i = 0; i < n; i++) {
                    if (buf[i] != '\n') {
                        continue;
                    }
                    line.write(buf, start, i - start);
                    start = i + 1;
                    lineNo++;
                    String text;
                    try {
                        text = decoder.decode(ByteBuffer.wrap(line.toByteArray())).toString();
                    } catch (CharacterCodingException e) {
                        text = "\u0000 not UTF-8";
                    }
                    consumer.accept(lineNo, text, true);
                    line.reset();
                }
                line.write(buf, start, n - start);
            }
            if (line.size() > 0) {
                consumer.accept(lineNo + 1, line.toString(StandardCharsets.UTF_8), false);
            }
        }
    }
}

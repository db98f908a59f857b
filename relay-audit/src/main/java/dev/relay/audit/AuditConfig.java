package dev.relay.audit;

import dev.relay.audit.internal.Durations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The {@code audit:} section, validated and frozen. Build it with {@link #fromMap(Map)} (what the
 * runtime does with the YAML section) or start from {@link #defaults()} and the {@code with…}
 * methods. Every key, its default and an example are in docs/audit.md.
 */
public final class AuditConfig {

    /** Where records go. */
    public enum TamperEvidence {
        /** Plain JSON lines. */
        OFF,
        /** Each record carries {@code seq}, {@code prevHash} and {@code hash}. */
        HASH,
        /** As {@link #HASH}, plus Ed25519 signatures (per record or on checkpoints). */
        SIGNED
    }

    /** What is signed when {@link TamperEvidence#SIGNED}. */
    public enum SigningMode {
        /** A checkpoint record is signed every {@code checkpointEvery} records or {@code checkpointInterval}. */
        CHECKPOINT,
        /** Every record is signed. */
        RECORD
    }

    private static final Set<String> KEYS = Set.of(
            "enabled", "sink", "file", "options", "failClosed", "tamperEvidence", "signing");
    private static final Set<String> FILE_KEYS = Set.of("path", "fsync");
    private static final Set<String> SIGNING_KEYS = Set.of(
            "privateKeyFile", "privateKey", "publicKeyOut", "mode", "checkpointEvery", "checkpointInterval");

    private final boolean enabled;
    private final String sink;
    private final @Nullable Path filePath;
    private final boolean fsync;
    private final Map<String, Object> options;
    private final boolean failClosed;
    private final TamperEvidence tamperEvidence;
    private final @Nullable Path privateKeyFile;
    private final @Nullable Secret privateKey;
    private final @Nullable Path publicKeyOut;
    private final SigningMode signingMode;
    private final int checkpointEvery;
    private final Duration checkpointInterval;

    private AuditConfig(boolean enabled, String sink, @Nullable Path filePath, boolean fsync,
            Map<String, Object> options, boolean failClosed, TamperEvidence tamperEvidence,
            @Nullable Path privateKeyFile, @Nullable Secret privateKey, @Nullable Path publicKeyOut,
            SigningMode signingMode, int checkpointEvery, Duration checkpointInterval) {
        this.enabled = enabled;
        this.sink = sink;
        this.filePath = filePath;
        this.fsync = fsync;
        this.options = options;
        this.failClosed = failClosed;
        this.tamperEvidence = tamperEvidence;
        this.privateKeyFile = privateKeyFile;
        this.privateKey = privateKey;
        this.publicKeyOut = publicKeyOut;
        this.signingMode = signingMode;
        this.checkpointEvery = checkpointEvery;
        this.checkpointInterval = checkpointInterval;
    }

    /** Stdout sink, fail closed, no tamper evidence. */
    public static AuditConfig defaults() {
        return new AuditConfig(true, "stdout", null, false, Map.of(), true, TamperEvidence.OFF, null, null, null,
                SigningMode.CHECKPOINT, 1000, Duration.ofSeconds(10));
    }

    /**
     * Reads the {@code audit:} section as the YAML loader gives it (maps, lists, strings, numbers,
     * booleans). An empty map gives {@link #defaults()}.
     *
     * @throws AuditConfigException listing every problem, each with its key path
     */
    public static AuditConfig fromMap(@Nullable Map<String, ?> section) {
        Map<String, ?> s = section == null ? Map.of() : section;
        List<String> problems = new ArrayList<>();
        unknownKeys(s, KEYS, "", problems);

        boolean enabled = bool(s, "enabled", "enabled", true, problems);
        String sink = string(s, "sink", "sink", "stdout", problems);
        if (sink.isBlank()) {
            problems.add("sink: must be stdout, file or the type of an AuditSinkProvider");
        }
        Map<String, ?> file = map(s, "file", "file", problems);
        unknownKeys(file, FILE_KEYS, "file.", problems);
        String pathText = string(file, "path", "file.path", "", problems);
        Path filePath = null;
        if (!pathText.isBlank()) {
            try {
                filePath = Path.of(pathText);
            } catch (RuntimeException e) {
                problems.add("file.path: not a valid path");
            }
        } else if (sink.equals("file")) {
            problems.add("file.path: required when sink is file");
        }
        boolean fsync = bool(file, "fsync", "file.fsync", false, problems);
        Map<String, Object> options = new LinkedHashMap<>(map(s, "options", "options", problems));
        boolean failClosed = bool(s, "failClosed", "failClosed", true, problems);

        TamperEvidence te = TamperEvidence.OFF;
        Object teValue = s.get("tamperEvidence");
        if (teValue instanceof Boolean) {
            te = (Boolean) teValue ? TamperEvidence.SIGNED : TamperEvidence.OFF;
        } else if (teValue instanceof String) {
            try {
                te = TamperEvidence.valueOf(((String) teValue).trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add("tamperEvidence: must be off, hash or signed (or true/false)");
            }
        } else if (teValue != null) {
            problems.add("tamperEvidence: must be off, hash or signed (or true/false)");
        }

        Map<String, ?> signing = map(s, "signing", "signing", problems);
        unknownKeys(signing, SIGNING_KEYS, "signing.", problems);
        String keyFileText = string(signing, "privateKeyFile", "signing.privateKeyFile", "", problems);
        String keyText = string(signing, "privateKey", "signing.privateKey", "", problems);
        if (!keyFileText.isBlank() && !keyText.isBlank()) {
            problems.add("signing.privateKey: give either privateKey or privateKeyFile, not both");
        }
        if (!keyText.isBlank() && !keyText.contains("-----BEGIN PRIVATE KEY-----")) {
            problems.add("signing.privateKey: must be a PKCS#8 PEM (-----BEGIN PRIVATE KEY-----)");
        }
        String outText = string(signing, "publicKeyOut", "signing.publicKeyOut", "", problems);
        SigningMode mode = SigningMode.CHECKPOINT;
        String modeText = string(signing, "mode", "signing.mode", "checkpoint", problems);
        try {
            mode = SigningMode.valueOf(modeText.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add("signing.mode: must be checkpoint or record");
        }
        int every = 1000;
        Object everyValue = signing.get("checkpointEvery");
        if (everyValue != null) {
            if (everyValue instanceof Integer || everyValue instanceof Long) {
                long v = ((Number) everyValue).longValue();
                if (v < 1 || v > 1_000_000) {
                    problems.add("signing.checkpointEvery: must be between 1 and 1000000");
                } else {
                    every = (int) v;
                }
            } else {
                problems.add("signing.checkpointEvery: must be a whole number of records");
            }
        }
        Duration interval = Duration.ofSeconds(10);
        Object intervalValue = signing.get("checkpointInterval");
        Duration parsed = intervalValue == null ? interval
                : intervalValue instanceof String ? Durations.parse((String) intervalValue) : null;
        if (parsed == null || parsed.isZero()) {
            problems.add("signing.checkpointInterval: must be a duration such as 500ms, 10s or 5m");
        } else {
            interval = parsed;
        }
        if (te != TamperEvidence.SIGNED && !signing.isEmpty()) {
            problems.add("signing: only used when tamperEvidence is signed");
        }
        if (!problems.isEmpty()) {
            throw new AuditConfigException(problems);
        }
        return new AuditConfig(enabled, sink.trim(), filePath, fsync, java.util.Collections.unmodifiableMap(options), failClosed, te,
                keyFileText.isBlank() ? null : Path.of(keyFileText),
                keyText.isBlank() ? null : new Secret(keyText),
                outText.isBlank() ? null : Path.of(outText), mode, every, interval);
    }

    /** False only for benchmarks: then {@link AuditLog#record} writes nothing. */
    public boolean enabled() {
        return enabled;
    }

    /** {@code stdout}, {@code file} or the type of an {@link dev.relay.audit.spi.AuditSinkProvider}. */
    public String sink() {
        return sink;
    }

    public @Nullable Path filePath() {
        return filePath;
    }

    public boolean fsync() {
        return fsync;
    }

    /** The {@code options:} map handed to a custom sink provider. */
    public Map<String, Object> options() {
        return options;
    }

    public boolean failClosed() {
        return failClosed;
    }

    public TamperEvidence tamperEvidence() {
        return tamperEvidence;
    }

    public @Nullable Path privateKeyFile() {
        return privateKeyFile;
    }

    /** The PEM text given inline (usually through {@code ${ENV}} or {@code ${file:…}}). */
    public @Nullable Secret privateKey() {
        return privateKey;
    }

    public @Nullable Path publicKeyOut() {
        return publicKeyOut;
    }

    public SigningMode signingMode() {
        return signingMode;
    }

    public int checkpointEvery() {
        return checkpointEvery;
    }

    public Duration checkpointInterval() {
        return checkpointInterval;
    }

    /** A copy writing to {@code path}. */
    public AuditConfig withFile(Path path) {
        return new AuditConfig(enabled, "file", Objects.requireNonNull(path), fsync, options, failClosed,
                tamperEvidence, privateKeyFile, privateKey, publicKeyOut, signingMode, checkpointEvery,
                checkpointInterval);
    }

    /** A copy with another tamper-evidence level and signing mode. */
    public AuditConfig withTamperEvidence(TamperEvidence level, SigningMode mode) {
        return new AuditConfig(enabled, sink, filePath, fsync, options, failClosed, level, privateKeyFile,
                privateKey, publicKeyOut, mode, checkpointEvery, checkpointInterval);
    }

    /** A copy with another fail-closed setting. */
    public AuditConfig withFailClosed(boolean on) {
        return new AuditConfig(enabled, sink, filePath, fsync, options, on, tamperEvidence, privateKeyFile,
                privateKey, publicKeyOut, signingMode, checkpointEvery, checkpointInterval);
    }

    /** A copy with another signing key file. */
    public AuditConfig withPrivateKeyFile(@Nullable Path pem) {
        return new AuditConfig(enabled, sink, filePath, fsync, options, failClosed, tamperEvidence, pem, null,
                publicKeyOut, signingMode, checkpointEvery, checkpointInterval);
    }

    /** A copy with other checkpoint triggers. */
    public AuditConfig withCheckpoints(int everyRecords, Duration interval) {
        return new AuditConfig(enabled, sink, filePath, fsync, options, failClosed, tamperEvidence, privateKeyFile,
                privateKey, publicKeyOut, signingMode, everyRecords, interval);
    }

    @Override
    public String toString() {
        return "AuditConfig[enabled=" + enabled + ", sink=" + sink + ", file=" + filePath + ", fsync=" + fsync
                + ", failClosed=" + failClosed + ", tamperEvidence=" + tamperEvidence + ", signingMode=" + signingMode
                + ", privateKeyFile=" + privateKeyFile + ", privateKey=" + (privateKey == null ? "none" : "[redacted]")
                + ", checkpointEvery=" + checkpointEvery + ", checkpointInterval=" + checkpointInterval + "]";
    }

    /** Secret text; {@link #toString()} never shows it. */
    public static final class Secret {
        private final String value;

        Secret(String value) {
            this.value = value;
        }

        /** The secret itself. */
        public String reveal() {
            return value;
        }

        @Override
        public String toString() {
            return "[redacted]";
        }
    }

    private static void unknownKeys(Map<String, ?> m, Set<String> known, String prefix, List<String> problems) {
        for (String k : m.keySet()) {
            if (!known.contains(k)) {
                problems.add(prefix + k + ": unknown key (known: " + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
    }

    private static boolean bool(Map<String, ?> m, String key, String path, boolean dflt, List<String> problems) {
        Object v = m.get(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Boolean) {
            return (Boolean) v;
        }
        problems.add(path + ": must be true or false");
        return dflt;
    }

    private static String string(Map<String, ?> m, String key, String path, String dflt, List<String> problems) {
        Object v = m.get(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof String) {
            return (String) v;
        }
        problems.add(path + ": must be a string");
        return dflt;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> map(Map<String, ?> m, String key, String path, List<String> problems) {
        Object v = m.get(key);
        if (v == null) {
            return Map.of();
        }
        if (v instanceof Map) {
            return (Map<String, ?>) v;
        }
        problems.add(path + ": must be a mapping");
        return Map.of();
    }
}

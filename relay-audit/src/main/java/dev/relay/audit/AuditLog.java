package dev.relay.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relay.audit.AuditConfig.SigningMode;
import dev.relay.audit.AuditConfig.TamperEvidence;
import dev.relay.audit.internal.Ed25519;
import dev.relay.audit.internal.FileSink;
import dev.relay.audit.internal.Sha256;
import dev.relay.audit.internal.StdoutSink;
import dev.relay.audit.spi.AuditSink;
import dev.relay.audit.spi.AuditSinkProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The audit trail. Start here.
 *
 * <pre>{@code
 * AuditLog audit = AuditLog.builder(AuditConfig.fromMap(section)).clock(clock).build();
 * audit.record(AuditRecord.request("req-1").resourceId("main-pg").operation("query")
 *         .outcome(Outcome.SUCCESS).rowCount(1).clamped(false).maskedFieldCount(1)
 *         .durationMs(12).queryFingerprint(QueryFingerprint.ofSql(sql)).build());
 * audit.close();
 * }</pre>
 *
 * <p>{@link #record(AuditRecord)} returns once the record is written to the sink (records written
 * at the same moment by several threads share one write: group commit). If it cannot be written
 * and {@code failClosed} is on (the default), it throws {@link AuditException}, the log stays
 * failed until restarted, and the caller must fail the request. With tamper evidence on, each
 * record carries {@code seq}, {@code prevHash} and {@code hash}, and signatures as configured;
 * the chain continues across restarts from the sink's last line. Thread-safe.
 */
public final class AuditLog implements AutoCloseable {

    /** {@code prevHash} of the first record of a chain. */
    public static final String GENESIS_HASH = "0".repeat(64);

    private static final System.Logger LOG = System.getLogger(AuditLog.class.getName());

    private final AuditConfig config;
    private final Clock clock;
    private final AuditSink sink;
    /** Sender-chosen or free text: passed through the text filter (the masker) before writing. */
    private static final Field[] FILTERED = {Field.MSG, Field.REQUEST_ID, Field.RESOURCE_ID, Field.DETAIL};

    private final UnaryOperator<String> textFilter;
    private final boolean chained;
    private final @Nullable PrivateKey privateKey;
    private final @Nullable PublicKey publicKey;
    private final @Nullable String keyId;
    private final @Nullable Signature signer;
    private final @Nullable ScheduledFuture<?> ticker;

    private final ReentrantLock lock = new ReentrantLock();
    private final Object flushMonitor = new Object();

    // Guarded by lock.
    private final MessageDigest sha256 = Sha256.newDigest();
    private final UtcMillis times = new UtcMillis();
    private long nextSeq;
    private String prevHash = GENESIS_HASH;
    private List<String> pending = new ArrayList<>();
    private long appended;
    private long unsignedSince;
    private Instant lastSigned;
    private boolean closed;
    private @Nullable AuditException broken;
    private long brokenFrom = Long.MAX_VALUE;
    private long dropped;

    // Guarded by flushMonitor.
    private long written;

    private AuditLog(Builder b, AuditSink sink, @Nullable KeyPair keys) {
        this.config = b.config;
        this.clock = b.clock;
        this.sink = sink;
        this.textFilter = b.textFilter;
        this.chained = config.tamperEvidence() != TamperEvidence.OFF;
        this.privateKey = keys == null ? null : keys.getPrivate();
        this.publicKey = keys == null ? null : keys.getPublic();
        this.keyId = keys == null ? null : Ed25519.keyId(keys.getPublic());
        Signature s = null;
        if (keys != null) {
            try {
                s = Signature.getInstance(Ed25519.ALGORITHM);
            } catch (GeneralSecurityException e) {
                throw new AuditException("the JDK has no Ed25519 signature", e);
            }
        }
        this.signer = s;
        this.lastSigned = clock.instant();
        ScheduledExecutorService scheduler = b.scheduler;
        if (scheduler != null && keys != null && config.signingMode() == SigningMode.CHECKPOINT) {
            long ms = config.checkpointInterval().toMillis();
            this.ticker = scheduler.scheduleAtFixedRate(this::checkpointIfDue, ms, ms, TimeUnit.MILLISECONDS);
        } else {
            this.ticker = null;
        }
    }

    /** A builder for a log with {@code config}; clock, stdout and the rest have defaults. */
    public static Builder builder(AuditConfig config) {
        return new Builder(config);
    }

    /** A log with {@code config}, the system clock and the process's stdout. */
    public static AuditLog create(AuditConfig config) {
        return builder(config).build();
    }

    /**
     * Writes {@code record}, stamping its time (unless set) and chain fields.
     *
     * @throws AuditException if it could not be written and {@code failClosed} is on; the caller
     *     must then fail the request
     */
    public void record(AuditRecord record) {
        Objects.requireNonNull(record, "record");
        if (!config.enabled()) {
            return;
        }
        @Nullable Object[] v = record.values.clone();
        for (Field f : FILTERED) {
            String text = (String) v[f.ordinal()];
            if (text != null) {
                v[f.ordinal()] = filterText(text, f == Field.DETAIL ? AuditRecord.MAX_DETAIL_LENGTH : AuditRecord.MAX_TEXT_LENGTH);
            }
        }
        long ticket;
        lock.lock();
        try {
            if (closed || broken != null) {
                refuseLocked();
                return;
            }
            Instant now = clock.instant();
            if (v[Field.TIME.ordinal()] == null) {
                v[Field.TIME.ordinal()] = now;
            }
            boolean signThis = privateKey != null && config.signingMode() == SigningMode.RECORD;
            appendLocked(v, signThis);
            if (privateKey != null && config.signingMode() == SigningMode.CHECKPOINT) {
                unsignedSince++;
                if (unsignedSince >= config.checkpointEvery()
                        || !now.isBefore(lastSigned.plus(config.checkpointInterval()))) {
                    appendCheckpointLocked(now);
                }
            }
            ticket = appended;
        } finally {
            lock.unlock();
        }
        flush(ticket);
    }

    /**
     * Writes a signed checkpoint now if records were written since the last signature (checkpoint
     * signing only; otherwise does nothing). The runtime may call it from its heartbeat.
     */
    public void checkpoint() {
        long ticket;
        lock.lock();
        try {
            if (closed || broken != null || privateKey == null || config.signingMode() != SigningMode.CHECKPOINT
                    || unsignedSince == 0) {
                return;
            }
            appendCheckpointLocked(clock.instant());
            ticket = appended;
        } finally {
            lock.unlock();
        }
        flush(ticket);
    }

    private void checkpointIfDue() {
        try {
            lock.lock();
            boolean due;
            try {
                due = unsignedSince > 0 && !clock.instant().isBefore(lastSigned.plus(config.checkpointInterval()));
            } finally {
                lock.unlock();
            }
            if (due) {
                checkpoint();
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "audit checkpoint failed: " + e.getMessage());
        }
    }

    /** False once a write failed with {@code failClosed} on; the runtime's health check reports it. */
    public boolean isHealthy() {
        lock.lock();
        try {
            return broken == null && !closed;
        } finally {
            lock.unlock();
        }
    }

    /** Records lost because the sink failed while {@code failClosed} was off. */
    public long droppedRecords() {
        lock.lock();
        try {
            return dropped;
        } finally {
            lock.unlock();
        }
    }

    /** The public half of the signing key, or null when records are not signed. */
    public @Nullable PublicKey publicKey() {
        return publicKey;
    }

    /** The signing key's public half as PEM, for {@code relay audit verify}; null when unsigned. */
    public @Nullable String publicKeyPem() {
        return publicKey == null ? null : Ed25519.toPem(publicKey);
    }

    /** The config this log runs with. */
    public AuditConfig config() {
        return config;
    }

    /**
     * Writes the closing record (signed when signing is on), flushes and closes the sink. Later
     * {@link #record} calls fail (or are dropped when {@code failClosed} is off).
     *
     * @throws AuditException if the closing record could not be written and {@code failClosed} is on
     */
    @Override
    public void close() {
        long ticket;
        boolean wasBroken;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            wasBroken = broken != null;
            if (ticker != null) {
                ticker.cancel(false);
            }
            if (broken == null && config.enabled()) {
                @Nullable Object[] v = AuditRecord.internal(AuditEvent.AUDIT_CLOSED).msg("Audit log closed").build().values.clone();
                v[Field.TIME.ordinal()] = clock.instant();
                appendLocked(v, privateKey != null);
                unsignedSince = 0;
            }
            closed = true;
            ticket = appended;
        } finally {
            lock.unlock();
        }
        try {
            if (!wasBroken) {
                flush(ticket);
            }
        } finally {
            try {
                sink.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "closing audit sink " + sink.describe() + " failed: " + e.getMessage());
            }
        }
    }

    private void refuseLocked() {
        AuditException cause = broken;
        if (config.failClosed()) {
            if (cause != null) {
                throw new AuditException(cause.getMessage() + " (the audit log stays failed until restart)", cause);
            }
            throw new AuditException("the audit log is closed");
        }
        dropped++;
    }

    private String filterText(String text, int max) {
        try {
            String filtered = textFilter.apply(text);
            return Objects.requireNonNullElse(AuditRecord.text(filtered, max), "");
        } catch (RuntimeException e) {
            return "[withheld: the text filter failed]";
        }
    }

    private void appendCheckpointLocked(Instant now) {
        @Nullable Object[] v = AuditRecord.internal(AuditEvent.CHECKPOINT).msg("Checkpoint").build().values.clone();
        v[Field.TIME.ordinal()] = now;
        appendLocked(v, true);
        unsignedSince = 0;
        lastSigned = now;
    }

    /** Stamps chain fields, hashes, signs if asked, and queues the line. */
    private void appendLocked(@Nullable Object[] v, boolean sign) {
        Object time = v[Field.TIME.ordinal()];
        if (time instanceof Instant) {
            v[Field.TIME.ordinal()] = times.format((Instant) time);
        }
        if (chained) {
            v[Field.SEQ.ordinal()] = nextSeq;
            v[Field.PREV_HASH.ordinal()] = prevHash;
            if (sign) {
                v[Field.KEY_ID.ordinal()] = keyId;
            }
            byte[] canonical = RecordJson.canonical(v).getBytes(StandardCharsets.UTF_8);
            String hash = dev.relay.audit.internal.JsonText.hex(sha256.digest(canonical));
            v[Field.HASH.ordinal()] = hash;
            if (sign) {
                v[Field.SIG.ordinal()] = Base64.getEncoder().encodeToString(signLocked(canonical));
                if (config.signingMode() == SigningMode.RECORD) {
                    lastSigned = clock.instant();
                }
            }
            nextSeq++;
            prevHash = hash;
        }
        pending.add(RecordJson.line(v));
        appended++;
    }

    private byte[] signLocked(byte[] data) {
        Signature s = Objects.requireNonNull(signer);
        try {
            s.initSign(Objects.requireNonNull(privateKey));
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new AuditException("signing an audit record failed", e);
        }
    }

    /** Group commit: the first waiter writes every queued line; the others find theirs written. */
    private void flush(long ticket) {
        synchronized (flushMonitor) {
            if (written >= ticket) {
                checkWritten(ticket);
                return;
            }
            List<String> batch;
            long upTo;
            AuditException earlier;
            lock.lock();
            try {
                batch = pending;
                pending = new ArrayList<>();
                upTo = appended;
                earlier = broken;
            } finally {
                lock.unlock();
            }
            if (earlier != null) {
                // Queued before an earlier group failed: never written after a failed write.
                written = upTo;
                throw new AuditException(earlier.getMessage(), earlier);
            }
            long first = written + 1;
            try {
                sink.write(batch);
                written = upTo;
            } catch (IOException | RuntimeException e) {
                written = upTo;
                AuditException failure = new AuditException("audit sink " + sink.describe() + " failed: "
                        + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
                lock.lock();
                try {
                    if (config.failClosed()) {
                        if (broken == null) {
                            broken = failure;
                            brokenFrom = first;
                        }
                    } else {
                        dropped += batch.size();
                    }
                } finally {
                    lock.unlock();
                }
                if (config.failClosed()) {
                    throw failure;
                }
                LOG.log(System.Logger.Level.WARNING, failure.getMessage() + "; " + batch.size()
                        + " records dropped (failClosed is off)");
            }
        }
    }

    private void checkWritten(long ticket) {
        lock.lock();
        try {
            AuditException cause = broken;
            if (cause != null && ticket >= brokenFrom) {
                throw new AuditException(cause.getMessage(), cause);
            }
        } finally {
            lock.unlock();
        }
    }

    private void start(@Nullable String lastLine, @Nullable String note) {
        String detail;
        if (chained && lastLine != null && !lastLine.isBlank()) {
            JsonNode last;
            try {
                last = new ObjectMapper().readTree(lastLine);
            } catch (IOException e) {
                throw new AuditException("the last line of audit " + sink.describe() + " is not a JSON record; "
                        + "refusing to continue its chain (move the file aside)");
            }
            JsonNode seq = last.get("seq");
            JsonNode hash = last.get("hash");
            if (seq == null || !seq.canConvertToLong() || hash == null || !hash.isTextual()
                    || !hash.asText().matches("[0-9a-f]{64}")) {
                throw new AuditException("the last record of audit " + sink.describe() + " has no seq and hash; "
                        + "refusing to start a hash chain after unchained records (use a new file)");
            }
            nextSeq = seq.asLong() + 1;
            prevHash = hash.asText();
            detail = "continuing the chain after seq " + seq.asLong();
        } else {
            detail = chained ? "new chain" : "no tamper evidence";
        }
        if (note != null) {
            detail += "; " + note;
        }
        AuditRecord.Builder b = AuditRecord.internal(AuditEvent.AUDIT_STARTED).msg("Audit log started").detail(detail);
        @Nullable Object[] v = b.build().values.clone();
        v[Field.TIME.ordinal()] = clock.instant();
        if (publicKey != null) {
            v[Field.PUBLIC_KEY.ordinal()] = Base64.getEncoder().encodeToString(publicKey.getEncoded());
        }
        long ticket;
        lock.lock();
        try {
            appendLocked(v, privateKey != null);
            lastSigned = clock.instant();
            ticket = appended;
        } finally {
            lock.unlock();
        }
        flush(ticket);
    }

    /** Builds an {@link AuditLog}. */
    public static final class Builder {
        private final AuditConfig config;
        private Clock clock = Clock.systemUTC();
        private OutputStream stdout = System.out;
        private @Nullable AuditSink sink;
        private SecureRandom random = new SecureRandom();
        private UnaryOperator<String> textFilter = UnaryOperator.identity();
        private @Nullable ScheduledExecutorService scheduler;
        private @Nullable ClassLoader classLoader;

        private Builder(AuditConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        /** Stamps record times; default the system UTC clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        /** The stream of the {@code stdout} sink; default {@link System#out}. Not closed by the log. */
        public Builder stdout(OutputStream stdout) {
            this.stdout = Objects.requireNonNull(stdout);
            return this;
        }

        /** Uses {@code sink} instead of the one the config names. The log closes it. */
        public Builder sink(AuditSink sink) {
            this.sink = Objects.requireNonNull(sink);
            return this;
        }

        /** Randomness for a generated signing key. */
        public Builder random(SecureRandom random) {
            this.random = Objects.requireNonNull(random);
            return this;
        }

        /**
         * Applied to the free-text and sender-chosen fields ({@code msg}, {@code requestId},
         * {@code resourceId}, {@code detail}) before they are written; the runtime passes the
         * masker's {@code maskMessage}. If it throws, the field is written as
         * {@code [withheld: the text filter failed]}. Runs outside the log's lock.
         */
        public Builder textFilter(UnaryOperator<String> filter) {
            this.textFilter = Objects.requireNonNull(filter);
            return this;
        }

        /** When given, checkpoints are also written every {@code checkpointInterval} while idle. */
        public Builder scheduler(ScheduledExecutorService scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler);
            return this;
        }

        /** Where custom sink providers are looked up; default the thread's context class loader. */
        public Builder classLoader(ClassLoader loader) {
            this.classLoader = Objects.requireNonNull(loader);
            return this;
        }

        /**
         * Opens the sink, loads or generates the key, reads back the chain and writes the
         * {@code audit_started} record.
         *
         * @throws AuditConfigException if the sink type is unknown or the key unreadable
         * @throws AuditException if the sink cannot be opened or written
         */
        public AuditLog build() {
            KeyPair keys = config.tamperEvidence() == TamperEvidence.SIGNED ? loadKeys() : null;
            AuditSink s = sink != null ? sink : openSink();
            AuditLog log;
            try {
                String last = config.tamperEvidence() == TamperEvidence.OFF ? null : s.lastLine();
                log = new AuditLog(this, s, keys);
                if (config.enabled()) {
                    log.start(last, s.openingNote());
                }
            } catch (IOException | RuntimeException e) {
                try {
                    s.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
                if (e instanceof AuditException) {
                    throw (AuditException) e;
                }
                throw new AuditException("audit " + s.describe() + " could not be opened: " + e.getMessage(), e);
            }
            return log;
        }

        private KeyPair loadKeys() {
            KeyPair keys;
            if (config.privateKeyFile() != null) {
                try {
                    keys = Ed25519.privateKeyFromFile(config.privateKeyFile());
                } catch (IOException e) {
                    throw new AuditConfigException(List.of("signing.privateKeyFile: cannot be read ("
                            + e.getClass().getSimpleName() + ")"));
                } catch (GeneralSecurityException e) {
                    throw new AuditConfigException(List.of("signing.privateKeyFile: not an Ed25519 PKCS#8 PEM private key"));
                }
            } else if (config.privateKey() != null) {
                try {
                    keys = Ed25519.privateKeyFromPem(config.privateKey().reveal());
                } catch (GeneralSecurityException e) {
                    throw new AuditConfigException(List.of("signing.privateKey: not an Ed25519 PKCS#8 PEM private key"));
                }
            } else {
                keys = Ed25519.generate(random);
                if (config.publicKeyOut() != null) {
                    try {
                        Files.writeString(config.publicKeyOut(), Ed25519.toPem(keys.getPublic()), StandardCharsets.US_ASCII);
                    } catch (IOException e) {
                        throw new AuditException("signing.publicKeyOut: cannot write " + config.publicKeyOut()
                                + " (" + e.getClass().getSimpleName() + ")", e);
                    }
                }
            }
            return keys;
        }

        private AuditSink openSink() {
            switch (config.sink()) {
                case "stdout":
                    return new StdoutSink(stdout);
                case "file":
                    try {
                        return new FileSink(Objects.requireNonNull(config.filePath()), config.fsync());
                    } catch (IOException e) {
                        throw new AuditException("audit file " + config.filePath() + " cannot be opened: "
                                + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
                    }
                default:
                    return customSink();
            }
        }

        private AuditSink customSink() {
            ClassLoader loader = classLoader != null ? classLoader : Thread.currentThread().getContextClassLoader();
            List<AuditSinkProvider> matches = new ArrayList<>();
            List<String> types = new ArrayList<>();
            for (ServiceLoader.Provider<AuditSinkProvider> p : ServiceLoader.load(AuditSinkProvider.class, loader)
                    .stream().toList()) {
                AuditSinkProvider provider;
                try {
                    provider = p.get();
                } catch (java.util.ServiceConfigurationError e) {
                    LOG.log(System.Logger.Level.WARNING, "audit sink provider " + p.type().getName()
                            + " could not be loaded: " + e.getMessage());
                    continue;
                }
                types.add(provider.type());
                if (provider.type().equals(config.sink())) {
                    matches.add(provider);
                }
            }
            if (matches.isEmpty()) {
                throw new AuditConfigException(List.of("sink: no AuditSinkProvider of type " + config.sink()
                        + " on the classpath (built in: stdout, file; found: " + types + ")"));
            }
            if (matches.size() > 1) {
                throw new AuditConfigException(List.of("sink: " + matches.size() + " AuditSinkProviders have type "
                        + config.sink()));
            }
            return matches.get(0).create(config.options());
        }
    }
}

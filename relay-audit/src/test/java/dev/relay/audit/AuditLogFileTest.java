package dev.relay.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.relay.audit.AuditConfig.SigningMode;
import dev.relay.audit.AuditConfig.TamperEvidence;
import dev.relay.audit.internal.Ed25519;
import dev.relay.audit.spi.AuditSink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogFileTest {

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    static TamperFixture fx;

    @BeforeAll
    static void keys() throws Exception {
        fx = new TamperFixture(shared);
    }

    @Test
    void restartContinuesTheChainFromTheFilesLastRecord() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        AuditConfig c = fx.config(file, SigningMode.CHECKPOINT, 100);
        try (AuditLog log = AuditLog.create(c)) {
            log.record(TamperFixture.request(1));
            log.record(TamperFixture.request(2));
        }
        try (AuditLog log = AuditLog.create(c)) {
            log.record(TamperFixture.request(3));
        }
        List<String> lines = TamperFixture.lines(file);
        assertThat(lines).hasSize(7);
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                    .isEqualTo("rw-r-----");
        }
        JsonNode restarted = TamperFixture.parse(lines.get(4));
        assertThat(restarted.get("event").asText()).isEqualTo("audit_started");
        assertThat(restarted.get("seq").asLong()).isEqualTo(4);
        assertThat(restarted.get("detail").asText()).isEqualTo("continuing the chain after seq 3");
        assertThat(restarted.get("prevHash").asText()).isEqualTo(TamperFixture.parse(lines.get(3)).get("hash").asText());
        VerificationResult r = AuditVerifier.verify(file, fx.publicPem);
        assertThat(r.ok()).as(r.toString()).isTrue();
        assertThat(r.notes()).isEmpty();
    }

    @Test
    void afterACrashThePartialLineIsCutAndTheChainContinues() throws Exception {
        Path file = dir.resolve("crash.jsonl");
        AuditConfig c = fx.config(file, SigningMode.CHECKPOINT, 100);
        AuditLog crashed = AuditLog.create(c);
        crashed.record(TamperFixture.request(1));
        // The process dies mid-write: no audit_closed, half a line at the end.
        Files.writeString(file, "{\"level\":\"info\",\"ti", StandardOpenOption.APPEND);
        try (AuditLog log = AuditLog.create(c)) {
            log.record(TamperFixture.request(2));
        }
        List<String> lines = TamperFixture.lines(file);
        JsonNode restarted = TamperFixture.parse(lines.get(2));
        assertThat(restarted.get("detail").asText()).isEqualTo(
                "continuing the chain after seq 1; cut off a partial last line of 19 bytes left by an earlier run");
        VerificationResult r = AuditVerifier.verify(file, fx.publicPem);
        assertThat(r.ok()).as(r.toString()).isTrue();
        assertThat(r.notes()).singleElement().asString().contains("ended without closing the log");
    }

    @Test
    void refusesToChainAfterUnchainedRecords() throws Exception {
        Path file = dir.resolve("plain.jsonl");
        try (AuditLog log = AuditLog.create(AuditConfig.defaults().withFile(file))) {
            log.record(TamperFixture.request(1));
        }
        assertThatThrownBy(() -> AuditLog.create(fx.config(file, SigningMode.CHECKPOINT, 10)))
                .isInstanceOf(AuditException.class).hasMessageContaining("no seq and hash");
    }

    @Test
    void failsClosedWhenTheFileCannotBeWritten() throws Exception {
        Path full = Path.of("/dev/full");
        assertThat(Files.exists(full)).as("this test needs Linux's /dev/full").isTrue();
        // Even the audit_started record cannot be written: the relay must not start.
        assertThatThrownBy(() -> AuditLog.create(AuditConfig.defaults().withFile(full)))
                .isInstanceOf(AuditException.class).hasMessageContaining("/dev/full");
    }

    @Test
    void failsClosedWhenTheFileCannotBeOpened() throws Exception {
        Path notADir = Files.writeString(dir.resolve("file"), "x");
        assertThatThrownBy(() -> AuditLog.create(AuditConfig.defaults().withFile(notADir.resolve("audit.jsonl"))))
                .isInstanceOf(AuditException.class).hasMessageContaining("cannot be opened");
    }

    @Test
    void aSinkThatThrowsFailsTheRequestAndKeepsTheLogFailed() {
        FlakySink sink = new FlakySink();
        AuditLog log = AuditLog.builder(AuditConfig.defaults()).sink(sink).build();
        log.record(AuditRecord.request("1").outcome(Outcome.SUCCESS).build());
        sink.failing = true;
        assertThatThrownBy(() -> log.record(AuditRecord.request("2").outcome(Outcome.SUCCESS).build()))
                .isInstanceOf(AuditException.class).hasMessageContaining("audit sink flaky failed: IOException: disk gone");
        sink.failing = false;
        assertThatThrownBy(() -> log.record(AuditRecord.request("3").outcome(Outcome.SUCCESS).build()))
                .isInstanceOf(AuditException.class).hasMessageContaining("stays failed until restart");
        assertThat(log.isHealthy()).isFalse();
        assertThat(sink.lines).hasSize(2);
        log.close();
    }

    @Test
    void everyRequestWaitingOnAFailedWriteFails() throws Exception {
        java.util.concurrent.CountDownLatch inWrite = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        List<String> written = java.util.Collections.synchronizedList(new ArrayList<>());
        AuditSink sink = new AuditSink() {
            private int calls;

            @Override
            public void write(List<String> lines) throws IOException {
                if (++calls == 1) {
                    written.addAll(lines); // audit_started
                    return;
                }
                inWrite.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                if (calls == 2) {
                    throw new IOException("disk gone");
                }
                written.addAll(lines);
            }

            @Override
            public String describe() {
                return "stalling";
            }

            @Override
            public void close() {
            }
        };
        AuditLog log = AuditLog.builder(AuditConfig.defaults()).sink(sink).build();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            futures.add(pool.submit(() -> log.record(AuditRecord.request("leader").outcome(Outcome.SUCCESS).build())));
            inWrite.await();
            for (int i = 0; i < 3; i++) {
                String id = "follower-" + i;
                futures.add(pool.submit(() -> log.record(AuditRecord.request(id).outcome(Outcome.SUCCESS).build())));
            }
            Thread.sleep(100); // let the followers queue behind the stalled write
            release.countDown();
            for (Future<?> f : futures) {
                assertThatThrownBy(f::get).hasCauseInstanceOf(AuditException.class);
            }
        } finally {
            pool.shutdownNow();
            log.close();
        }
        assertThat(written).hasSize(1);
    }

    @Test
    void withFailClosedOffRecordsAreDroppedAndCounted() {
        FlakySink sink = new FlakySink();
        AuditLog log = AuditLog.builder(AuditConfig.defaults().withFailClosed(false)).sink(sink).build();
        sink.failing = true;
        log.record(AuditRecord.request("1").outcome(Outcome.SUCCESS).build());
        log.record(AuditRecord.request("2").outcome(Outcome.SUCCESS).build());
        assertThat(log.droppedRecords()).isEqualTo(2);
        sink.failing = false;
        log.record(AuditRecord.request("3").outcome(Outcome.SUCCESS).build());
        assertThat(sink.lines).hasSize(2);
        assertThat(log.isHealthy()).isTrue();
        log.close();
    }

    @Test
    void concurrentWritersShareGroupedWritesAndKeepTheChainWhole() throws Exception {
        Path file = dir.resolve("concurrent.jsonl");
        AtomicInteger batches = new AtomicInteger();
        AuditConfig c = fx.config(file, SigningMode.CHECKPOINT, 50);
        dev.relay.audit.internal.FileSink file0 = new dev.relay.audit.internal.FileSink(file, false);
        AuditSink counting = new AuditSink() {
            @Override
            public void write(List<String> lines) throws IOException {
                batches.incrementAndGet();
                file0.write(lines);
                try {
                    Thread.sleep(1); // a slow disk: writers queue up behind this write
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public String describe() {
                return file0.describe();
            }

            @Override
            public void close() throws IOException {
                file0.close();
            }
        };
        AuditLog log = AuditLog.builder(c).sink(counting).build();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 100; i++) {
                        log.record(TamperFixture.request(thread * 1000 + i));
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
            log.close();
        }
        VerificationResult r = AuditVerifier.verify(file, fx.publicPem);
        assertThat(r.ok()).as(r.toString()).isTrue();
        assertThat(r.recordsVerified()).isEqualTo(1 + 800 + 16 + 1);
        // Group commit: concurrent records share writes (signing a checkpoint holds others back).
        assertThat(batches.get()).isLessThan(1 + 800 + 16 + 1);
    }

    @Test
    void aGeneratedKeyIsAnnouncedInTheFirstRecordAndWrittenOut() throws Exception {
        Path file = dir.resolve("generated.jsonl");
        Path pub = dir.resolve("generated-public.pem");
        AuditConfig c = AuditConfig.fromMap(Map.of("sink", "file", "file", Map.of("path", file.toString()),
                "tamperEvidence", "signed", "signing", Map.of("publicKeyOut", pub.toString())));
        String pem;
        try (AuditLog log = AuditLog.builder(c).random(new SecureRandom()).build()) {
            log.record(TamperFixture.request(1));
            pem = log.publicKeyPem();
        }
        assertThat(Files.readString(pub)).isEqualTo(pem);
        JsonNode first = TamperFixture.parse(TamperFixture.lines(file).get(0));
        assertThat(Ed25519.toPem(Ed25519.publicKeyFromDer(java.util.Base64.getDecoder()
                .decode(first.get("publicKey").asText())))).isEqualTo(pem);
        assertThat(AuditVerifier.verify(file, pub).ok()).isTrue();
    }

    @Test
    void theKeyMayBeGivenAsPemTextAndBadKeysNameTheirSetting() throws Exception {
        Path file = dir.resolve("inline.jsonl");
        String pemText = Files.readString(fx.privatePem);
        AuditConfig c = AuditConfig.fromMap(Map.of("sink", "file", "file", Map.of("path", file.toString()),
                "tamperEvidence", "signed", "signing", Map.of("privateKey", pemText, "mode", "record")));
        try (AuditLog log = AuditLog.create(c)) {
            log.record(TamperFixture.request(1));
        }
        assertThat(AuditVerifier.verify(file, fx.publicPem).ok()).isTrue();

        Path junk = Files.writeString(dir.resolve("junk.pem"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        AuditConfigException e = catchThrowableOfType(AuditConfigException.class,
                () -> AuditLog.create(fx.config(dir.resolve("x.jsonl"), SigningMode.RECORD, 1).withPrivateKeyFile(junk)));
        assertThat(e.problems()).containsExactly("signing.privateKeyFile: not an Ed25519 PKCS#8 PEM private key");
    }

    @Test
    void aKeyMadeByOpensslSignsAndItsOpensslPublicKeyVerifies() throws Exception {
        Path priv = Path.of(getClass().getResource("/keys/openssl-ed25519-test-only.pem").toURI());
        Path pub = Path.of(getClass().getResource("/keys/openssl-ed25519-test-only.pub.pem").toURI());
        Path file = dir.resolve("openssl.jsonl");
        try (AuditLog log = AuditLog.create(fx.config(file, SigningMode.CHECKPOINT, 10).withPrivateKeyFile(priv))) {
            log.record(TamperFixture.request(1));
            assertThat(log.publicKeyPem()).isEqualTo(Ed25519.toPem(Ed25519.publicKeyFromPem(Files.readString(pub))));
        }
        VerificationResult r = AuditVerifier.verify(file, pub);
        assertThat(r.ok()).as(r.toString()).isTrue();
    }

    @Test
    void customSinksComeThroughServiceLoader() {
        MemorySinkProvider.LINES.clear();
        AuditConfig c = AuditConfig.fromMap(Map.of("sink", "memory", "options", Map.of("name", "m1")));
        try (AuditLog log = AuditLog.create(c)) {
            log.record(AuditRecord.request("1").outcome(Outcome.SUCCESS).build());
        }
        assertThat(MemorySinkProvider.LINES).hasSize(3);
        AuditConfigException e = catchThrowableOfType(AuditConfigException.class,
                () -> AuditLog.create(AuditConfig.fromMap(Map.of("sink", "kafka"))));
        assertThat(e.problems()).singleElement().asString()
                .startsWith("sink: no AuditSinkProvider of type kafka on the classpath");
    }

    @Test
    void timeCheckpointsAreWrittenWhenTheIntervalPasses() throws Exception {
        Path file = dir.resolve("timed.jsonl");
        MutableClock clock = new MutableClock();
        AuditConfig c = fx.config(file, SigningMode.CHECKPOINT, 1000).withCheckpoints(1000, Duration.ofSeconds(5));
        try (AuditLog log = AuditLog.builder(c).clock(clock).build()) {
            log.record(TamperFixture.request(1));
            clock.advance(Duration.ofSeconds(6));
            log.record(TamperFixture.request(2));
            log.checkpoint();
            log.record(TamperFixture.request(3));
            log.checkpoint();
        }
        List<String> events = new ArrayList<>();
        for (String line : TamperFixture.lines(file)) {
            events.add(TamperFixture.parse(line).get("event").asText());
        }
        assertThat(events).containsExactly("audit_started", "request", "request", "checkpoint", "request",
                "checkpoint", "audit_closed");
    }

    @Test
    void aSchedulerWritesCheckpointsWhileIdle() throws Exception {
        Path file = dir.resolve("idle.jsonl");
        MutableClock clock = new MutableClock();
        AuditConfig c = fx.config(file, SigningMode.CHECKPOINT, 1000).withCheckpoints(1000, Duration.ofMillis(20));
        java.util.concurrent.ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try (AuditLog log = AuditLog.builder(c).clock(clock).scheduler(scheduler).build()) {
            log.record(TamperFixture.request(1));
            clock.advance(Duration.ofSeconds(1));
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            while (TamperFixture.lines(file).size() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        } finally {
            scheduler.shutdownNow();
        }
        List<String> events = new ArrayList<>();
        for (String line : TamperFixture.lines(file)) {
            events.add(TamperFixture.parse(line).get("event").asText());
        }
        assertThat(events).containsExactly("audit_started", "request", "checkpoint", "audit_closed");
    }

    @Test
    void noLiteralOrParameterReachesTheFile() throws Exception {
        Path file = dir.resolve("literals.jsonl");
        String sql = "SELECT * FROM customers WHERE cpf = '123.456.789-09' AND email = 'alice@example.com'"
                + " AND card = 4111111111111111 AND token = $t$Bearer abc.def$t$";
        try (AuditLog log = AuditLog.create(fx.config(file, SigningMode.RECORD, 1))) {
            log.record(AuditRecord.request("req-1").resourceId("main-pg").operation("query")
                    .outcome(Outcome.SUCCESS).queryFingerprint(QueryFingerprint.ofSql(sql)).build());
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        for (String literal : List.of("123.456.789-09", "alice@example.com", "4111111111111111", "Bearer", "abc.def",
                "customers")) {
            assertThat(text).doesNotContain(literal);
        }
    }

    static final class FlakySink implements AuditSink {
        volatile boolean failing;
        final List<String> lines = new ArrayList<>();

        @Override
        public synchronized void write(List<String> batch) throws IOException {
            if (failing) {
                throw new IOException("disk gone");
            }
            lines.addAll(batch);
        }

        @Override
        public String describe() {
            return "flaky";
        }

        @Override
        public void close() {
        }
    }

    static final class MutableClock extends java.time.Clock {
        private java.time.Instant now = java.time.Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public java.time.Instant instant() {
            return now;
        }
    }
}

package dev.relay.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.relay.audit.AuditConfig.SigningMode;
import dev.relay.audit.internal.FileSink;
import dev.relay.audit.spi.AuditSink;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log under many threads: a {@code record()} that returns has its line in the sink, in chain
 * order, before {@code audit_closed}; one that throws left no line behind a failed write; closing
 * while records are in flight loses none of the records whose callers were told they were written.
 */
class AuditLogConcurrencyTest {

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
    void closeRacingManyWritersLosesNoRecordThatWasAcknowledged() throws Exception {
        Path file = dir.resolve("race.jsonl");
        AuditLog log = AuditLog.builder(fx.config(file, SigningMode.CHECKPOINT, 37)).build();
        int threads = 6;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        Set<String> acknowledged = Collections.synchronizedSet(new HashSet<>());
        AtomicInteger refused = new AtomicInteger();
        CountDownLatch running = new CountDownLatch(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    running.countDown();
                    for (int i = 0; ; i++) {
                        AuditRecord r = TamperFixture.request(thread * 1_000_000 + i);
                        try {
                            log.record(r);
                        } catch (AuditException e) {
                            assertThat(e).hasMessageContaining("closed");
                            refused.incrementAndGet();
                            return;
                        }
                        acknowledged.add("req-" + (thread * 1_000_000 + i));
                    }
                }));
            }
            running.await();
            Thread.sleep(50);
            log.close();
            for (Future<?> f : futures) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        List<String> lines = TamperFixture.lines(file);
        List<String> written = new ArrayList<>();
        for (String line : lines) {
            JsonNode n = TamperFixture.parse(line);
            if (n.path("event").asText().equals("request")) {
                written.add(n.path("requestId").asText());
            }
        }
        assertThat(refused.get()).isEqualTo(threads);
        assertThat(new HashSet<>(written)).containsAll(acknowledged);
        assertThat(written).doesNotHaveDuplicates();
        assertThat(TamperFixture.parse(lines.get(lines.size() - 1)).path("event").asText()).isEqualTo("audit_closed");
        VerificationResult r = AuditVerifier.verify(file, fx.publicPem);
        assertThat(r.ok()).as(r.toString()).isTrue();
    }

    @Test
    void closeWaitsForAWriteInFlightAndWritesItsRecordFirst() throws Exception {
        Path file = dir.resolve("inflight.jsonl");
        FileSink fileSink = new FileSink(file, false);
        CountDownLatch inWrite = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean stallNext = new AtomicBoolean(false);
        AuditSink stalling = new AuditSink() {
            @Override
            public void write(List<String> lines) throws IOException {
                if (stallNext.getAndSet(false)) {
                    inWrite.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                fileSink.write(lines);
            }

            @Override
            public String describe() {
                return fileSink.describe();
            }

            @Override
            public void close() throws IOException {
                fileSink.close();
            }
        };
        AuditLog log = AuditLog.builder(fx.config(file, SigningMode.CHECKPOINT, 1000)).sink(stalling).build();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            stallNext.set(true);
            Future<?> first = pool.submit(() -> log.record(TamperFixture.request(1)));
            inWrite.await();
            Future<?> second = pool.submit(() -> log.record(TamperFixture.request(2)));
            Future<?> closing = pool.submit(log::close);
            Thread.sleep(100);
            assertThat(first).isNotDone();
            assertThat(closing).isNotDone();
            release.countDown();
            first.get(10, TimeUnit.SECONDS);
            closing.get(10, TimeUnit.SECONDS);
            try {
                second.get(10, TimeUnit.SECONDS); // queued before close: written; after: refused
            } catch (java.util.concurrent.ExecutionException e) {
                assertThat(e).hasCauseInstanceOf(AuditException.class);
            }
        } finally {
            pool.shutdownNow();
        }
        List<String> lines = TamperFixture.lines(file);
        assertThat(TamperFixture.parse(lines.get(1)).path("requestId").asText()).isEqualTo("req-1");
        assertThat(TamperFixture.parse(lines.get(lines.size() - 1)).path("event").asText()).isEqualTo("audit_closed");
        VerificationResult r = AuditVerifier.verify(file, fx.publicPem);
        assertThat(r.ok()).as(r.toString()).isTrue();
    }

    @Test
    void aFailedGroupFailsEveryWaiterInItAndNoLaterRecordIsAcknowledged() throws Exception {
        List<String> written = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger writes = new AtomicInteger();
        int failAt = 20;
        AuditSink sink = new AuditSink() {
            @Override
            public void write(List<String> lines) throws IOException {
                if (writes.incrementAndGet() == failAt) {
                    throw new IOException("disk gone");
                }
                written.addAll(lines);
                try {
                    Thread.sleep(0, 200_000); // let writers queue into groups
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public String describe() {
                return "failing";
            }

            @Override
            public void close() {
            }
        };
        AuditLog log = AuditLog.builder(AuditConfig.defaults()).sink(sink).build();
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        Set<String> acknowledged = Collections.synchronizedSet(new HashSet<>());
        AtomicInteger failed = new AtomicInteger();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        String id = "req-" + thread + "-" + i;
                        try {
                            log.record(AuditRecord.request(id).outcome(Outcome.SUCCESS).build());
                            acknowledged.add(id);
                        } catch (AuditException e) {
                            failed.incrementAndGet();
                            return;
                        }
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
            log.close();
        }
        Set<String> writtenIds = new HashSet<>();
        for (String line : written) {
            writtenIds.add(TamperFixture.parse(line).path("requestId").asText());
        }
        // Every thread eventually meets the failure (the log stays failed); every acknowledged
        // record was written by a successful write; nothing was written after the failed one.
        assertThat(failed.get()).isEqualTo(threads);
        assertThat(writtenIds).containsAll(acknowledged);
        assertThat(acknowledged).hasSize(written.size() - 1); // minus audit_started
        assertThat(writes.get()).isEqualTo(failAt);
        assertThat(log.isHealthy()).isFalse();
    }
}

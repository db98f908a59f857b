package dev.relay.benchmarks.audit;

import dev.relay.audit.AuditConfig;
import dev.relay.audit.AuditLog;
import dev.relay.audit.AuditRecord;
import dev.relay.audit.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What handing the audit write to a sink thread would cost a request that must wait for it (fail
 * closed: no result before its record is written), at concurrency 1: {@code inline} is
 * {@link AuditLog#record} on the caller's thread (what the log does); {@code handoff} queues the
 * same record to one sink thread that calls {@code record} and wakes the caller, which parks until
 * then. The sink thread does the same work as {@code inline}, so the difference is the price of
 * the hand-off (two thread wake-ups) — a lower bound for any sink-thread design that waits.
 *
 * <pre>
 * java -jar relay-benchmarks/target/benchmarks.jar AuditHandoffBenchmark -bm sample -tu us
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(1)
public class AuditHandoffBenchmark {

    private static final class Job {
        final AuditRecord record;
        final Thread waiter = Thread.currentThread();
        volatile boolean done;

        Job(AuditRecord record) {
            this.record = record;
        }
    }

    private AuditLog log;
    private Path dir;
    private Thread sinkThread;
    private volatile boolean running;
    private final ConcurrentLinkedQueue<Job> queue = new ConcurrentLinkedQueue<>();
    private long n;

    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = Files.createTempDirectory("audit-handoff");
        log = AuditLog.builder(AuditConfig.defaults().withFile(dir.resolve("audit.jsonl"))).build();
        running = true;
        sinkThread = new Thread(() -> {
            while (running) {
                Job job = queue.poll();
                if (job == null) {
                    LockSupport.park(this);
                    continue;
                }
                log.record(job.record);
                job.done = true;
                LockSupport.unpark(job.waiter);
            }
        }, "audit-sink");
        sinkThread.setDaemon(true);
        sinkThread.start();
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        running = false;
        LockSupport.unpark(sinkThread);
        sinkThread.join(5000);
        log.close();
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }

    private AuditRecord record() {
        return AuditRecord.request("req-" + (n++)).method("execute").resourceId("pg").operation("query")
                .outcome(Outcome.SUCCESS).rowCount(1).clamped(false).maskedFieldCount(2)
                .maskedByType(Map.of("email", 1, "phone", 1)).durationMs(0)
                .queryFingerprint("5d0c7ab0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c").build();
    }

    @Benchmark
    public void inline() {
        log.record(record());
    }

    @Benchmark
    public void handoff() {
        Job job = new Job(record());
        queue.add(job);
        LockSupport.unpark(sinkThread);
        while (!job.done) {
            LockSupport.park(this);
        }
    }
}

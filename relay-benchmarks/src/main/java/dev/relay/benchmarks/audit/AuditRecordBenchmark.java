package dev.relay.benchmarks.audit;

import dev.relay.audit.AuditConfig;
import dev.relay.audit.AuditConfig.SigningMode;
import dev.relay.audit.AuditConfig.TamperEvidence;
import dev.relay.audit.AuditLog;
import dev.relay.audit.AuditRecord;
import dev.relay.audit.Outcome;
import dev.relay.audit.QueryFingerprint;
import dev.relay.audit.spi.AuditSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of {@link AuditLog#record} per record, by tamper-evidence level, into a sink that discards
 * (what the log itself costs) or into an append-only file (what a deployment pays, without fsync).
 *
 * <pre>
 * java -jar relay-benchmarks/target/benchmarks.jar 'dev.relay.benchmarks.audit.*'
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AuditRecordBenchmark {

    /** off: plain lines; hash: seq/prevHash/hash; checkpoint: hash + a signed checkpoint every 1000; record: every record signed. */
    @Param({"off", "hash", "checkpoint", "record"})
    public String evidence;

    /** discard: a sink that drops lines; file: the append-only file sink (no fsync). */
    @Param({"discard", "file"})
    public String sink;

    private AuditLog log;
    private Path dir;
    private final String fingerprint = QueryFingerprint.ofSql("SELECT id, email FROM users WHERE created_at > $1");
    private long n;

    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = Files.createTempDirectory("audit-bench");
        AuditConfig config = AuditConfig.defaults();
        switch (evidence) {
            case "hash":
                config = config.withTamperEvidence(TamperEvidence.HASH, SigningMode.CHECKPOINT);
                break;
            case "checkpoint":
                config = config.withTamperEvidence(TamperEvidence.SIGNED, SigningMode.CHECKPOINT);
                break;
            case "record":
                config = config.withTamperEvidence(TamperEvidence.SIGNED, SigningMode.RECORD);
                break;
            default:
                break;
        }
        // Checkpoints by count only, so the average reflects 1 signature per 1000 records.
        config = config.withCheckpoints(1000, java.time.Duration.ofHours(1));
        AuditLog.Builder b;
        if (sink.equals("file")) {
            b = AuditLog.builder(config.withFile(dir.resolve("audit.jsonl")));
        } else {
            b = AuditLog.builder(config).sink(new Discard());
        }
        log = b.build();
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        log.close();
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }

    @Benchmark
    public void record() {
        log.record(AuditRecord.request("req-" + (n++)).method("execute").resourceId("main-pg").operation("query")
                .outcome(Outcome.SUCCESS).rowCount(1).clamped(false).maskedFieldCount(1)
                .maskedByType(Map.of("email", 1)).durationMs(12).queryFingerprint(fingerprint).build());
    }

    static final class Discard implements AuditSink {
        @Override
        public void write(List<String> lines) {
        }

        @Override
        public String describe() {
            return "discard";
        }

        @Override
        public void close() {
        }
    }
}

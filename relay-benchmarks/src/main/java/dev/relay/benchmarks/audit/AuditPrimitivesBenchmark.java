package dev.relay.benchmarks.audit;

import dev.relay.audit.QueryFingerprint;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** The JDK's Ed25519 sign and verify, SHA-256 and the SQL fingerprint, on a record-sized input. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AuditPrimitivesBenchmark {

    private static final String SQL = "SELECT u.id, u.email, o.total FROM users u JOIN orders o ON o.user_id = u.id"
            + " WHERE u.created_at > '2024-01-01' AND o.status IN ('paid', 'shipped', 'refunded') LIMIT 100";

    private final byte[] record = ("{\"clamped\":false,\"durationMs\":12,\"event\":\"request\",\"level\":\"info\","
            + "\"maskedByType\":{\"email\":1},\"maskedFieldCount\":1,\"method\":\"execute\",\"msg\":\"Request completed\","
            + "\"operation\":\"query\",\"outcome\":\"success\",\"prevHash\":\"" + "0".repeat(64) + "\","
            + "\"queryFingerprint\":\"" + "a".repeat(64) + "\",\"requestId\":\"req-abc123\",\"resourceId\":\"main-pg\","
            + "\"rowCount\":1,\"seq\":12345,\"time\":\"2024-01-15T10:31:00.000Z\"}").getBytes(StandardCharsets.UTF_8);

    private KeyPair keys;
    private Signature signer;
    private Signature verifier;
    private byte[] sig;
    private MessageDigest sha256;

    @Setup
    public void setUp() throws GeneralSecurityException {
        keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        signer = Signature.getInstance("Ed25519");
        verifier = Signature.getInstance("Ed25519");
        sig = ed25519Sign();
        sha256 = MessageDigest.getInstance("SHA-256");
    }

    @Benchmark
    public byte[] ed25519Sign() throws GeneralSecurityException {
        signer.initSign(keys.getPrivate());
        signer.update(record);
        return signer.sign();
    }

    @Benchmark
    public boolean ed25519Verify() throws GeneralSecurityException {
        verifier.initVerify(keys.getPublic());
        verifier.update(record);
        return verifier.verify(sig);
    }

    @Benchmark
    public byte[] sha256() {
        return sha256.digest(record);
    }

    @Benchmark
    public String fingerprintSql() {
        return QueryFingerprint.ofSql(SQL);
    }
}

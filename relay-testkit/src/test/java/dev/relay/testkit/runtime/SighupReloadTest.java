package dev.relay.testkit.runtime;

import static dev.relay.testkit.runtime.RelayHarness.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.relay.testkit.controlplane.ControlPlaneServer;
import dev.relay.testkit.controlplane.RelaySession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGHUP reloads the config, in the packaged relay.jar run as a real process (so the real signal
 * handler of {@code relay run} is installed): file watching is off, an edit alone changes nothing,
 * {@code kill -HUP} applies it (resource added, then removed: visible in {@code list_resources},
 * a {@code resource_update}, an audit {@code config_reloaded} record); an invalid file on SIGHUP is
 * refused and the running config kept.
 */
class SighupReloadTest {

    static final String TOKEN = "sighup-token";

    @TempDir
    Path dir;

    private String yaml(ControlPlaneServer cp, String... ids) {
        StringBuilder resources = new StringBuilder();
        for (String id : ids) {
            // the connector never connects in create(); the probe finds it unreachable, which is fine
            resources.append("  - {id: ").append(id).append(", type: postgres, connection: {url: \"jdbc:postgresql://127.0.0.1:1/none\", "
                    + "username: relay_ro, password: x}}\n");
        }
        return """
                relayId: relay-sighup
                controlPlane: {url: "%s", token: "${RELAY_TOKEN}", insecure: true}
                reload: {watch: false}
                resources:
                %s""".formatted(cp.url(), ids.length == 0 ? "  []\n" : resources);
    }

    @Test
    void sighupReloadsAndAnInvalidFileKeepsTheRunningConfig() throws Exception {
        Assumptions.assumeFalse(hangupIgnoredHere(),
                "SIGHUP is ignored by this test's JVM (started under nohup?) and a child inherits that: no handler can be installed");
        Path config = dir.resolve("relay-config.yaml");
        Path audit = dir.resolve("audit.jsonl");
        Path stderr = dir.resolve("relay.err");
        try (ControlPlaneServer cp = ControlPlaneServer.builder().token(TOKEN).build().start()) {
            Files.writeString(config, yaml(cp, "alpha"));
            Process relay = start(config, audit, stderr);
            try {
                RelaySession session = cp.awaitConnection(WAIT);
                assertThat(ids(session)).containsExactly("alpha");
                awaitLog(stderr, "SIGHUP reloads the config");

                // an edit alone does nothing (watching is off) ...
                Files.writeString(config, yaml(cp, "alpha", "beta"));
                Thread.sleep(1_000);
                assertThat(ids(session)).containsExactly("alpha");
                assertThat(reloads(audit)).isEmpty();

                // ... SIGHUP applies it
                hangup(relay);
                awaitIds(session, "alpha", "beta");
                ConnectionTest.awaitUpdateAny(session, list -> list.size() == 2);
                JsonNode accepted = awaitAudit(audit, r -> "config_reloaded".equals(r.path("event").asText()));
                assertThat(accepted.path("outcome").asText()).isEqualTo("success");
                assertThat(accepted.path("detail").asText()).contains("2 resource");

                // removed on SIGHUP
                Files.writeString(config, yaml(cp, "beta"));
                hangup(relay);
                awaitIds(session, "beta");
                ConnectionTest.awaitUpdateAny(session, list -> list.size() == 1);

                // an invalid file on SIGHUP: refused, the running config kept
                Files.writeString(config, yaml(cp, "gamma") + "nonsense: true\n");
                hangup(relay);
                JsonNode refused = awaitAudit(audit, r -> "config_reloaded".equals(r.path("event").asText())
                        && "rejected".equals(r.path("outcome").asText()));
                assertThat(refused.path("detail").asText()).contains("problem");
                awaitLog(stderr, "config reload refused");
                assertThat(Files.readString(stderr)).contains("nonsense");
                assertThat(ids(session)).containsExactly("beta");
                assertThat(relay.isAlive()).isTrue();

                relay.destroy(); // SIGTERM
                assertThat(session.awaitClose(WAIT).code()).isEqualTo(1001);
                assertThat(relay.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(Files.readString(stderr)).doesNotContain(TOKEN);
            } finally {
                relay.destroyForcibly();
            }
        }
    }

    /** Whether SIGHUP is ignored in this process (bit 0 of SigIgn), which a child process inherits. */
    static boolean hangupIgnoredHere() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return false;
        }
        String mask = Files.readString(status).lines().filter(l -> l.startsWith("SigIgn:")).findFirst()
                .map(l -> l.substring(7).trim()).orElse("0");
        return (Long.parseUnsignedLong(mask, 16) & 1L) != 0;
    }

    private static void hangup(Process relay) throws Exception {
        Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(relay.pid())).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();
    }

    private static Process start(Path config, Path audit, Path stderr) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(java, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar",
                PackagedRelayTest.jar().toString(), "run", "--config", config.getFileName().toString())
                .directory(config.getParent().toFile());
        pb.environment().put("RELAY_TOKEN", TOKEN);
        pb.redirectOutput(audit.toFile());
        pb.redirectError(stderr.toFile());
        return pb.start();
    }

    private static List<String> ids(RelaySession session) {
        List<String> ids = new ArrayList<>();
        for (JsonNode r : session.call("list_resources", null, WAIT).path("resources")) {
            ids.add(r.path("id").asText());
        }
        return ids;
    }

    private static void awaitIds(RelaySession session, String... expected) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline && !ids(session).equals(List.of(expected))) {
            RelayHarness.sleep(50);
        }
        assertThat(ids(session)).containsExactly(expected);
    }

    private static List<JsonNode> reloads(Path audit) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(audit)) {
            if (!line.isBlank()) {
                JsonNode record = RelayHarness.JSON.readTree(line);
                if ("config_reloaded".equals(record.path("event").asText())) {
                    out.add(record);
                }
            }
        }
        return out;
    }

    private static JsonNode awaitAudit(Path audit, Predicate<JsonNode> match) throws IOException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : Files.readAllLines(audit)) {
                if (!line.isBlank() && line.startsWith("{") && line.endsWith("}")) {
                    JsonNode record = RelayHarness.JSON.readTree(line);
                    if (match.test(record)) {
                        return record;
                    }
                }
            }
            RelayHarness.sleep(50);
        }
        throw new AssertionError("no matching audit record in " + Files.readString(audit));
    }

    private static void awaitLog(Path stderr, String text) throws IOException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.readString(stderr).contains(text)) {
                return;
            }
            RelayHarness.sleep(50);
        }
        throw new AssertionError("stderr never said '" + text + "': " + Files.readString(stderr));
    }
}

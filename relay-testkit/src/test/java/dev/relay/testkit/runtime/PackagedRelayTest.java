package dev.relay.testkit.runtime;

import static dev.relay.testkit.runtime.RelayHarness.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.testkit.controlplane.ControlPlaneServer;
import dev.relay.testkit.controlplane.RelaySession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged relay.jar, run the way the container runs it: as UID/GID 10001 (through
 * {@code setpriv} when the test runs as root), with no new privileges, from a read-only directory.
 * It connects, answers, stops on SIGTERM with 1001. Its idle resident memory is measured and
 * printed.
 */
class PackagedRelayTest {

    static final String TOKEN = "packaged-token";

    @TempDir
    Path tmp;

    static Path jar() {
        Path here = Path.of("").toAbsolutePath();
        for (Path p : List.of(here.resolve("relay-runtime/target/relay.jar"), here.resolveSibling("relay-runtime/target/relay.jar"))) {
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new AssertionError("relay-runtime/target/relay.jar is missing: build with ./mvnw package (the reactor builds it before these tests)");
    }

    static boolean root() {
        return "root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/bin/setpriv"));
    }

    @Test
    void runsAsUid10001FromAReadOnlyDirectory() throws Exception {
        Path dir = tmp.resolve("relay");
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.copy(jar(), dir.resolve("relay.jar"), StandardCopyOption.REPLACE_EXISTING);
        try (ControlPlaneServer cp = ControlPlaneServer.builder().token(TOKEN).build().start()) {
            Files.writeString(dir.resolve("relay-config.yaml"), """
                    relayId: relay-packaged
                    controlPlane: {url: "%s", token: "${RELAY_TOKEN}", insecure: true}
                    resources: []
                    """.formatted(cp.url()));
            for (Path p : List.of(dir.resolve("relay.jar"), dir.resolve("relay-config.yaml"))) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("r--r--r--"));
            }
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));

            Path checkErr = tmp.resolve("validate.err");
            Process check = run(dir, checkErr, "validate-config", "--config", "relay-config.yaml");
            assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(check.exitValue()).as(Files.readString(checkErr)).isZero();

            Path runErr = tmp.resolve("run.err");
            Process relay = run(dir, runErr, "run", "--config", "relay-config.yaml");
            try {
                RelaySession session = cp.awaitConnection(WAIT);
                assertThat(session.handshake().header("X-Relay-Id")).isEqualTo("relay-packaged");
                assertThat(session.call("list_resources", null, WAIT).path("resources")).isEmpty();
                String status = Files.readString(Path.of("/proc/" + relay.pid() + "/status"));
                if (root()) {
                    assertThat(status).containsPattern("(?m)^Uid:\\s+10001\\s");
                    assertThat(status).containsPattern("(?m)^NoNewPrivs:\\s+1");
                }
                Thread.sleep(3000);
                long rssKiB = Long.parseLong(Files.readString(Path.of("/proc/" + relay.pid() + "/status"))
                        .lines().filter(l -> l.startsWith("VmRSS:")).findFirst().orElseThrow()
                        .replaceAll("[^0-9]", ""));
                System.out.println("relay idle RSS (connected, no resources, default JVM flags of the image): "
                        + rssKiB / 1024 + " MiB");
                assertThat(rssKiB).isLessThan(512 * 1024);
                relay.destroy();  // SIGTERM
                assertThat(session.awaitClose(WAIT).code()).isEqualTo(1001);
                assertThat(relay.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(Files.readString(runErr)).contains("relay stopped").doesNotContain(TOKEN);
            } finally {
                relay.destroyForcibly();
            }
        } finally {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    private static Process run(Path dir, Path stderr, String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>();
        if (root()) {
            cmd.addAll(List.of("/usr/bin/setpriv", "--reuid=10001", "--regid=10001", "--clear-groups", "--no-new-privs"));
        }
        cmd.addAll(List.of(java, "-XX:+UseSerialGC", "-XX:-UsePerfData", "-Xshare:auto", "-jar", "relay.jar"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().put("RELAY_TOKEN", TOKEN);
        pb.environment().put("HOME", "/nonexistent");
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.redirectError(stderr.toFile());
        return pb.start();
    }
}

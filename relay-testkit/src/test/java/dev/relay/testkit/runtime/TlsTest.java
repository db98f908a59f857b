package dev.relay.testkit.runtime;

import static dev.relay.testkit.runtime.RelayHarness.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.testkit.controlplane.ControlPlaneServer;
import dev.relay.testkit.controlplane.RelaySession;
import dev.relay.testkit.tls.TestCertificates;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** wss:// with a good certificate, a wrong host name, an unknown CA, and mutual TLS. */
class TlsTest {

    static final String TOKEN = "tls-token";

    @TempDir
    static Path pki;

    @TempDir
    Path dir;

    static TestCertificates certs;

    ControlPlaneServer cp;
    RelayHarness harness;

    @BeforeAll
    static void makeCertificates() {
        certs = TestCertificates.generate(pki);
    }

    @AfterEach
    void stop() {
        if (harness != null) {
            harness.close();
        }
        if (cp != null) {
            cp.close();
        }
    }

    private void startRelay(URI url, String tls) throws IOException {
        String yaml = """
                relayId: relay-tls
                controlPlane:
                  url: %s
                  token: ${RELAY_TOKEN}
                  connectTimeout: 2s
                  reconnect: {initialDelay: 100ms, maxDelay: 300ms}
                  tls: {%s}
                reload: {watch: false}
                resources: []
                """.formatted(url, tls);
        Path sub = Files.createTempDirectory(dir, "relay");
        harness = new RelayHarness(sub, yaml, Map.of("RELAY_TOKEN", TOKEN));
    }

    private void assertNeverConnects() {
        RelayHarness.sleep(1500);
        assertThat(cp.sessions()).isEmpty();
        assertThat(harness.relay.isConnected()).isFalse();
    }

    @Test
    void connectsToAServerWhoseCertificateChainsToTheConfiguredCa() throws IOException {
        cp = ControlPlaneServer.builder().token(TOKEN).tls(certs.serverCertPem(), certs.serverKeyPem()).build().start();
        startRelay(cp.url("localhost"), "caFile: " + certs.caCertPem());
        RelaySession session = cp.awaitConnection(WAIT);
        assertThat(session.handshake().header("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(session.call("list_resources", null, WAIT).path("resources")).isEmpty();
    }

    @Test
    void refusesACertificateForAnotherHostName() throws IOException {
        String alias = loopbackAlias();
        if (alias != null) {
            // the certificate names localhost and 127.0.0.1, not this machine's name
            cp = ControlPlaneServer.builder().token(TOKEN).tls(certs.serverCertPem(), certs.serverKeyPem()).build().start();
            startRelay(cp.url(alias), "caFile: " + certs.caCertPem());
        } else {
            // no other name for loopback here: serve a certificate issued to the client's name instead
            cp = ControlPlaneServer.builder().token(TOKEN).tls(certs.clientCertPem(), certs.clientKeyPem()).build().start();
            startRelay(cp.url("localhost"), "caFile: " + certs.caCertPem());
        }
        assertNeverConnects();
    }

    @Test
    void refusesACertificateFromAnUnknownCa() throws IOException {
        cp = ControlPlaneServer.builder().token(TOKEN).tls(certs.serverCertPem(), certs.serverKeyPem()).build().start();
        startRelay(cp.url("localhost"), "");
        assertNeverConnects();
    }

    @Test
    void presentsItsClientCertificateForMutualTls() throws IOException {
        cp = ControlPlaneServer.builder().token(TOKEN).tls(certs.serverCertPem(), certs.serverKeyPem())
                .requireClientCertificate(certs.caCertPem()).build().start();
        startRelay(cp.url("localhost"), "caFile: %s, clientCertFile: %s, clientKeyFile: %s"
                .formatted(certs.caCertPem(), certs.clientCertPem(), certs.clientKeyPem()));
        RelaySession session = cp.awaitConnection(WAIT);
        assertThat(session.handshake().clientCertificateSubject()).isNotNull();
    }

    @Test
    void withoutItsClientCertificateMutualTlsFails() throws IOException {
        cp = ControlPlaneServer.builder().token(TOKEN).tls(certs.serverCertPem(), certs.serverKeyPem())
                .requireClientCertificate(certs.caCertPem()).build().start();
        startRelay(cp.url("localhost"), "caFile: " + certs.caCertPem());
        assertNeverConnects();
    }

    /** A name other than localhost that resolves to 127.0.0.1 (the machine's own name, often), or null. */
    static String loopbackAlias() {
        try {
            String name = InetAddress.getLocalHost().getHostName();
            if (name.equalsIgnoreCase("localhost")) {
                return null;
            }
            for (InetAddress a : InetAddress.getAllByName(name)) {
                if (a.getHostAddress().equals("127.0.0.1")) {
                    return name;
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }
}

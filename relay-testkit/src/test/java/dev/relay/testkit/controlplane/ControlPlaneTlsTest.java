package dev.relay.testkit.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relay.testkit.tls.TestCertificates;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlPlaneTlsTest {

  @TempDir static Path dir;
  static TestCertificates certs;

  @BeforeAll
  static void pki() {
    certs = TestCertificates.generate(dir);
  }

  @Test
  void serves_wss_from_pem_files() throws Exception {
    try (ControlPlaneServer server = ControlPlaneServer.builder().token("t")
        .tls(certs.serverCertPem(), certs.serverKeyPem()).build().start()) {
      assertThat(server.url().getScheme()).isEqualTo("wss");
      try (TestRelayClient client = TestRelayClient.connect(client(false), server.url("localhost"), "t")) {
        RelaySession relay = server.awaitConnection(Duration.ofSeconds(5));
        assertThat(relay.handshake().clientCertificateSubject()).isNull();
      }
    }
  }

  @Test
  void requires_and_records_a_client_certificate_under_mutual_tls() throws Exception {
    try (ControlPlaneServer server = ControlPlaneServer.builder().token("t")
        .tls(certs.serverKeyManagers()).requireClientCertificate(certs.caCertPem()).build().start()) {
      assertThatThrownBy(() -> TestRelayClient.connect(client(false), server.url("localhost"), "t"))
          .isNotNull();
      try (TestRelayClient client = TestRelayClient.connect(client(true), server.url(), "t")) {
        RelaySession relay = server.awaitConnection(Duration.ofSeconds(5));
        assertThat(relay.handshake().clientCertificateSubject()).contains("CN=relay-test-client");
      }
    }
  }

  private static HttpClient client(boolean withCertificate) throws Exception {
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(withCertificate ? certs.clientKeyManagers().getKeyManagers() : null,
        certs.trustManagers().getTrustManagers(), new SecureRandom());
    return HttpClient.newBuilder().sslContext(ssl).build();
  }
}

package dev.relay.testkit.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ControlPlaneExtensionTest {

  @RegisterExtension
  static final ControlPlaneExtension controlPlane = ControlPlaneExtension.withToken("ext-token");

  @Test
  @Order(1)
  void starts_a_server_for_the_class() {
    assertThat(controlPlane.server().isRunning()).isTrue();
    controlPlane.server().refuseHandshakes(503);
    try (TestRelayClient client = TestRelayClient.connect(controlPlane.url(), "ext-token")) {
      throw new AssertionError("should have been refused");
    } catch (java.util.concurrent.CompletionException expected) {
      // refused with 503
    }
  }

  @Test
  @Order(2)
  void resets_faults_between_tests() {
    try (TestRelayClient client = TestRelayClient.connect(controlPlane.url(), "ext-token")) {
      assertThat(controlPlane.awaitConnection(Duration.ofSeconds(5)).isOpen()).isTrue();
    }
  }
}

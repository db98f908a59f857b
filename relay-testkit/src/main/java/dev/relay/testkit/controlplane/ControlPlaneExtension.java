package dev.relay.testkit.controlplane;

import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.jspecify.annotations.Nullable;

/**
 * Starts a {@link ControlPlaneServer} for a JUnit 5 test and stops it afterwards.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final ControlPlaneExtension controlPlane = ControlPlaneExtension.withToken("test-token");
 *
 * @Test void answers() {
 *   // start a relay against controlPlane.url() ...
 *   RelaySession relay = controlPlane.awaitConnection(Duration.ofSeconds(10));
 * }
 * }</pre>
 *
 * <p>Registered on a {@code static} field, one server serves the whole class, and server-wide
 * faults are reset after each test; on an instance field, each test gets its own server.
 */
public final class ControlPlaneExtension
    implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback {

  private final Consumer<ControlPlaneServer.Builder> configuration;
  private @Nullable ControlPlaneServer server;
  private boolean perClass;

  private ControlPlaneExtension(Consumer<ControlPlaneServer.Builder> configuration) {
    this.configuration = configuration;
  }

  /** A plain {@code ws://} control plane on a free loopback port that requires this bearer token. */
  public static ControlPlaneExtension withToken(String token) {
    return new ControlPlaneExtension(b -> b.token(token));
  }

  /** A control plane configured by the caller (TLS, client certificates, 403 for wrong tokens…). */
  public static ControlPlaneExtension configured(Consumer<ControlPlaneServer.Builder> configuration) {
    return new ControlPlaneExtension(configuration);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    perClass = true;
    start();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (server == null) {
      start();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    ControlPlaneServer s = server;
    if (s == null) {
      return;
    }
    if (perClass) {
      s.resetFaults();
      if (!s.isRunning()) {
        s.start();
      }
    } else {
      s.close();
      server = null;
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    ControlPlaneServer s = server;
    if (s != null) {
      s.close();
      server = null;
    }
  }

  private void start() {
    ControlPlaneServer.Builder b = ControlPlaneServer.builder();
    configuration.accept(b);
    server = b.build().start();
  }

  /** The running server. */
  public ControlPlaneServer server() {
    ControlPlaneServer s = server;
    if (s == null) {
      throw new IllegalStateException("the control plane runs only while a test runs");
    }
    return s;
  }

  /** Shorthand for {@code server().url()}. */
  public java.net.URI url() {
    return server().url();
  }

  /** Shorthand for {@code server().awaitConnection(timeout)}. */
  public RelaySession awaitConnection(Duration timeout) {
    return server().awaitConnection(timeout);
  }
}

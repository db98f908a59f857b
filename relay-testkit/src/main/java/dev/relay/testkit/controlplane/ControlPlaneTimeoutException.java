package dev.relay.testkit.controlplane;

/** Thrown when something awaited from a relay (a connection, a response, a notification) did not come in time. */
public final class ControlPlaneTimeoutException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ControlPlaneTimeoutException(String message) {
    super(message);
  }
}

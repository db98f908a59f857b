package dev.relay.testkit.demo;

import dev.relay.runtime.RelayConfig;
import dev.relay.runtime.RelayConfigException;
import dev.relay.runtime.RelayConfigLoader;
import dev.relay.runtime.RelayException;
import dev.relay.runtime.RelayRuntime;
import dev.relay.runtime.cli.CliIo;
import dev.relay.runtime.cli.RelayCli;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A relay started in this JVM from a config file, through the runtime's public API
 * ({@link RelayConfigLoader}, {@link RelayRuntime}), exactly as {@code relay run --config F} would.
 * Closing it shuts the relay down: it drains, closes the connection with 1001 and flushes its audit
 * trail.
 */
public final class LocalRelay implements AutoCloseable {

  private final RelayRuntime runtime;

  private LocalRelay(RelayRuntime runtime) {
    this.runtime = runtime;
  }

  /**
   * Loads the config (with {@code ${ENV}} substitution from this process's environment) and starts
   * the relay; it connects in the background.
   *
   * @throws IllegalArgumentException when the config is invalid: the message lists every problem
   *     with its line, as {@code relay validate-config} would
   */
  public static LocalRelay start(Path config) {
    return start(config, System.out);
  }

  /**
   * As {@link #start(Path)}, with the audit trail's stdout sink (the default sink) writing to
   * {@code auditOut} instead of this process's stdout.
   */
  public static LocalRelay start(Path config, OutputStream auditOut) {
    RelayConfig loaded;
    try {
      loaded = RelayConfigLoader.create().load(config);
    } catch (RelayConfigException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    try {
      return new LocalRelay(RelayRuntime.builder(loaded).auditOut(auditOut).build().start());
    } catch (RelayException e) {
      throw new IllegalStateException("the relay did not start: " + e.getMessage(), e);
    }
  }

  /**
   * Sets the level of the operational logs this JVM writes to stderr (the relay's, and the embedded
   * databases' through SLF4J), through the CLI's {@code --log-level} option.
   */
  public static void logLevel(String level) {
    PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
    RelayCli.execute(new CliIo(java.io.InputStream.nullInputStream(), sink, sink, name -> null),
        "--log-level", level, "version");
  }

  /** Whether the relay is connected to its control plane right now. */
  public boolean isConnected() {
    return runtime.isConnected();
  }

  /** Shuts the relay down and waits for it (at most about the grace period plus a few seconds). */
  @Override
  public void close() {
    runtime.shutdown();
    try {
      runtime.awaitTermination(Duration.ofSeconds(40));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

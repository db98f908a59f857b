package dev.relay.testkit.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A relay started from a config file: {@code relay run --config F} in a child JVM on this JVM's
 * own class path (the demo jar holds the whole runtime). Its stdout and stderr go to a log file.
 * Closing it sends SIGTERM (the relay drains and closes with 1001) and waits.
 */
public final class RelayProcess implements AutoCloseable {

  static final String MAIN_CLASS = "dev.relay.runtime.cli.RelayCli";

  private final Process process;
  private final Path log;

  private RelayProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  public static RelayProcess start(Path config, Path log) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-XX:+UseSerialGC");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(MAIN_CLASS);
    command.add("run");
    command.add("--config");
    command.add(config.toString());
    try {
      Process p = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(log.toFile())
          .start();
      return new RelayProcess(p, log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the relay (" + MAIN_CLASS + ")", e);
    }
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** The last lines the relay wrote (operational logs hold no data or secrets by design). */
  public String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no relay log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}

package dev.relay.runtime.cli;

import dev.relay.runtime.RelayConfig;
import dev.relay.runtime.RelayConfigLoader;
import dev.relay.runtime.RelayException;
import dev.relay.runtime.RelayRuntime;
import dev.relay.runtime.internal.Signals;
import dev.relay.runtime.internal.log.LogSettings;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code relay run --config F}: connect and serve until SIGTERM. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run the relay: dial the control plane and answer its requests until stopped.",
                "SIGTERM drains in-flight requests (up to limits.shutdownGracePeriod) and closes with 1001.",
                "Editing the config file or SIGHUP reloads it; an invalid file is refused and the old config kept.",
                "The audit trail goes to stdout (or its file); operational logs to stderr."})
final class RunCommand implements Callable<Integer> {

    private final CliIo io;

    @ParentCommand
    RelayCli parent;

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "The relay-config.yaml.")
    Path config;

    @Option(names = "--health-file", paramLabel = "FILE",
            description = "Rewrite this file every 10 s while the relay runs (connected=true|false), for exec liveness probes.")
    @org.jspecify.annotations.Nullable Path healthFile;

    RunCommand(CliIo io) {
        this.io = io;
    }

    @Override
    public Integer call() throws InterruptedException {
        RelayConfig c = Configs.loadOrReport(io, config);
        RelayConfigLoader loader = Configs.loader(io);
        if (c == null) {
            io.err().println("not starting");
            return 1;
        }
        if (!parent.logFormatGiven()) {
            LogSettings.configure(c.logging().format(), parent.logLevelGiven() ? parent.logLevel : c.logging().level());
        } else if (!parent.logLevelGiven()) {
            LogSettings.configure(parent.logFormat, c.logging().level());
        }
        RelayRuntime runtime;
        try {
            runtime = RelayRuntime.builder(c).auditOut(io.out()).configLoader(loader).build().start();
        } catch (RelayException e) {
            io.err().println("relay: " + e.getMessage());
            return 1;
        }
        Thread hook = new Thread(runtime::shutdown, "relay-sigterm");
        Runtime.getRuntime().addShutdownHook(hook);
        Signals.onHangup(runtime::reloadFromFile);
        java.util.concurrent.ScheduledExecutorService health = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                new dev.relay.runtime.internal.NamedThreadFactory("relay-health-file"));
        if (healthFile != null) {
            Path file = healthFile;
            health.scheduleWithFixedDelay(() -> {
                try {
                    java.nio.file.Files.writeString(file, "connected=" + runtime.isConnected() + "\n");
                } catch (java.io.IOException | RuntimeException e) {
                    // the probe will notice the stale file
                }
            }, 0, 10, java.util.concurrent.TimeUnit.SECONDS);
        }
        int code = runtime.awaitTermination();
        health.shutdownNow();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down (SIGTERM): the hook is what stopped us
        }
        return code;
    }
}

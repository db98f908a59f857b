package dev.relay.runtime.cli;

import dev.relay.runtime.RelayConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code relay validate-config --config F}: every problem, each with file:line:column, or "ok". */
@Command(name = "validate-config", mixinStandardHelpOptions = true,
        description = {"Check a relay-config.yaml without connecting anywhere.",
                "Prints every problem as file:line:column: key: message and exits 1, or prints a summary and exits 0."})
final class ValidateConfigCommand implements Callable<Integer> {

    private final CliIo io;

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "The relay-config.yaml to check.")
    Path config;

    ValidateConfigCommand(CliIo io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        RelayConfig c = Configs.loadOrReport(io, config);
        if (c == null) {
            return 1;
        }
        io.out().println(config + ": ok (relayId " + c.relayId() + ", " + c.resources().size()
                + " resource(s), control plane " + c.controlPlane().url().getHost() + ")");
        io.out().flush();
        return 0;
    }
}

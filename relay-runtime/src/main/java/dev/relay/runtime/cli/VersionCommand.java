package dev.relay.runtime.cli;

import dev.relay.runtime.RelayVersion;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code relay version}. */
@Command(name = "version", mixinStandardHelpOptions = true, description = "Print the relay's version.")
final class VersionCommand implements Callable<Integer> {

    private final CliIo io;

    VersionCommand(CliIo io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        io.out().println("relay " + RelayVersion.get() + " (Java " + System.getProperty("java.version") + ")");
        io.out().flush();
        return 0;
    }
}

package dev.relay.runtime.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code relay run}. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run the relay: connect to the control plane and answer requests.")
final class RunCommand implements Callable<Integer> {

    private final CliIo io;

    RunCommand(CliIo io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        io.err().println("relay run: not available in this build yet");
        return 1;
    }
}

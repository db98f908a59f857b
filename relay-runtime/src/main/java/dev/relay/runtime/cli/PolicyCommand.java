package dev.relay.runtime.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code relay policy}. */
@Command(name = "policy", mixinStandardHelpOptions = true, description = "Dry-run the policy: execute params as JSON lines on stdin, one decision per line on stdout.")
final class PolicyCommand implements Callable<Integer> {

    private final CliIo io;

    PolicyCommand(CliIo io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        io.err().println("relay policy: not available in this build yet");
        return 1;
    }
}
